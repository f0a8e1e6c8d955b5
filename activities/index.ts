import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { activeSubCenterOf } from '../db/queries/applications.js';
import { loadCalendar } from '../db/queries/calendar.js';
import { loadCurrentRules } from '../db/queries/reference.js';
import { countEligibleUsers, findUserByUsername, type SeatQuery, toActor } from '../db/queries/users.js';
import type { SubCenterRow } from '../db/schema.js';
import { AdmissionRules } from '../domain/admissionRules.js';
import { dueForEvaluation, EvaluationRules } from '../domain/evaluation.js';
import { type NoticePeriod, noticeEnd, REVIEW_WORKING_DAYS } from '../domain/notice.js';
import type { Actor } from '../domain/roles.js';
import { addWorkingDays, shanghaiDate } from '../domain/workdays.js';
import { applyCaseChange, type CaseChange } from './caseChanges.js';
import { type IncidentReport, recordIncident, resolveIncident, withFinalDataErrors } from './incidents.js';
import { deliverNotifications, queueDailyDigests } from './mail.js';
import { budgetLeft, issuePaymentInstruction, type PaymentRequest } from './payments.js';

export interface SubCenterRef {
  id: string;
  name: string;
  organizationId: string | null;
  city: string;
  system: 'tech_service' | 'financial';
  category: string;
  admittedAt: string;
}
const subCenterRef = (r: SubCenterRow): SubCenterRef => ({
  id: r.id,
  name: r.name,
  organizationId: r.organization_id,
  city: r.city,
  system: r.system as SubCenterRef['system'],
  category: r.category,
  admittedAt: new Date(r.admitted_at).toISOString(),
});

/** The admission rule set in force, with its version. */
async function admissionRules(db: Db): Promise<{ version: number; rules: AdmissionRules }> {
  const current = await loadCurrentRules(db, 'admission');
  if (!current) throw new Error('no admission rule set: run the reference-data seed');
  return { version: current.version, rules: AdmissionRules.parse(current.body) };
}

/**
 * Every side effect a workflow may cause. Each is idempotent: workflows may run them more than
 * once (retries, worker restarts) and the result is the same.
 */
export function createActivities({ db, smtpUrl }: { db: Db; smtpUrl?: string }) {
  return withFinalDataErrors({
    /** Writes one step of a case: projection, audit entries, tasks, roster, notifications. */
    async recordCaseChange(change: CaseChange): Promise<void> {
      await applyCaseChange(db, change);
    },

    /** Deadlines `days` working days after `fromIso`, on the calendar in the database. */
    async computeDeadlines(fromIso: string, days: number[]): Promise<string[]> {
      const calendar = await loadCalendar(db, new Date(fromIso));
      return days.map((d) => addWorkingDays(new Date(fromIso), d, calendar).toISOString());
    },

    /**
     * Plans the tasks of a step: due dates `days` working days after `from`, and for each seat how
     * many active users could hold it (审批人为空 when none) or the named user it belongs to.
     */
    async planTasks(req: {
      from: string;
      days: number[];
      seats: SeatQuery[];
    }): Promise<{ deadlines: string[]; holders: number[]; users: (Actor | null)[] }> {
      const calendar = await loadCalendar(db, new Date(req.from));
      const deadlines = req.days.map((d) => addWorkingDays(new Date(req.from), d, calendar).toISOString());
      const holders: number[] = [];
      const users: (Actor | null)[] = [];
      /** Pooled seats of one step take distinct people: the n-th identical seat needs n eligible users. */
      const taken = new Map<string, number>();
      for (const seat of req.seats) {
        if (seat.username) {
          const u = await findUserByUsername(db, seat.username);
          const actor = u?.active ? toActor(u) : null;
          users.push(actor);
          holders.push(actor ? 1 : 0);
          continue;
        }
        users.push(null);
        const key = JSON.stringify(seat);
        const before = taken.get(key) ?? 0;
        taken.set(key, before + 1);
        holders.push(Math.max(0, (await countEligibleUsers(db, seat)) - before));
      }
      return { deadlines, holders, users };
    },

    /** When a notice published at `from` ends, and until when 复核 may be requested. */
    async noticeDeadlines(from: string, period: NoticePeriod): Promise<{ endsAt: string; reviewUntil: string }> {
      const calendar = await loadCalendar(db, new Date(from));
      const end = noticeEnd(new Date(from), period, calendar);
      return {
        endsAt: end.toISOString(),
        reviewUntil: addWorkingDays(end, REVIEW_WORKING_DAYS, calendar).toISOString(),
      };
    },

    /** Mails pending notifications (see activities/mail.ts); without an SMTP server, nothing is mailed. */
    async deliverNotifications(): Promise<{ sent: number; failed: number }> {
      return smtpUrl ? deliverNotifications(db, smtpUrl) : { sent: 0, failed: 0 };
    },

    async queueDailyDigests(day: string): Promise<number> {
      return queueDailyDigests(db, day);
    },

    /** The admission rule set in force, with its version. */
    loadAdmissionRules: () => admissionRules(db),

    /** The evaluation rule set in force, with its version. */
    async loadEvaluationRules(): Promise<{ version: number; rules: EvaluationRules }> {
      const current = await loadCurrentRules(db, 'evaluation');
      if (!current) throw new Error('no evaluation rule set: run the reference-data seed');
      return { version: current.version, rules: EvaluationRules.parse(current.body) };
    },

    /** Active sub-centers a round of `year` evaluates (DOMAIN §4 cycles). */
    async listDueSubCenters(year: number, system: 'tech_service' | 'financial'): Promise<SubCenterRef[]> {
      const rows = await db
        .selectFrom('sub_centers')
        .selectAll()
        .where('status', '=', 'active')
        .where('system', '=', system)
        .orderBy('admitted_at')
        .execute();
      return rows
        .filter((r) =>
          dueForEvaluation(
            { system: r.system, admittedYear: Number(shanghaiDate(new Date(r.admitted_at)).slice(0, 4)) },
            year,
            system,
          ),
        )
        .map(subCenterRef);
    },

    /** The roster entry, active or not. */
    async getSubCenter(id: string): Promise<(SubCenterRef & { status: string }) | null> {
      const r = await db.selectFrom('sub_centers').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? { ...subCenterRef(r), status: r.status } : null;
    },

    async budgetLeft(budgetKey: string, budget: number): Promise<number> {
      return budgetLeft(db, budgetKey, budget);
    },

    /** The payment instruction of a payout, written exactly once. */
    async issuePaymentInstruction(req: PaymentRequest) {
      return issuePaymentInstruction(db, req);
    },

    /** The active roster entry of an organisation, if it already is a sub-center. */
    findActiveSubCenter: async (creditCode: string) => (await activeSubCenterOf(db, creditCode)) ?? null,

    /** What a submission reads, in one activity: the institution's active sub-center, and the admission rules in force. */
    async submissionContext(creditCode: string) {
      return { existing: (await activeSubCenterOf(db, creditCode)) ?? null, ...(await admissionRules(db)) };
    },

    /** The operation log keeps 180 days: older rows go (the table's trigger refuses younger ones). */
    async pruneOperationLog(): Promise<number> {
      const res = await db
        .deleteFrom('operation_log')
        .where('at', '<', sql<Date>`now() - interval '180 days'`)
        .executeTakeFirst();
      return Number(res.numDeletedRows);
    },

    /** A step this workflow could not record: opened (or counted again) for an administrator. */
    async recordIncident(report: IncidentReport): Promise<void> {
      await recordIncident(db, report);
    },

    async resolveIncident(id: string, at: string): Promise<void> {
      await resolveIncident(db, id, at);
    },
  });
}

export type Activities = ReturnType<typeof createActivities>;
