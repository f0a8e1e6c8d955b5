import type { Db } from '../db/index.js';
import { applyCaseChange, type CaseChange } from './caseChanges.js';
import { loadCalendar, loadCurrentRules } from '../db/queries/reference.js';
import { addWorkingDays } from '../domain/workdays.js';
import { AdmissionRules } from '../domain/admissionRules.js';

/**
 * Every side effect a workflow may cause. Each is idempotent: workflows may run them more than
 * once (retries, worker restarts) and the result is the same.
 */
export function createActivities({ db }: { db: Db }) {
  return {
    /** Writes one step of a case: projection, audit entries, tasks, roster, notifications. */
    async recordCaseChange(change: CaseChange): Promise<void> {
      await applyCaseChange(db, change);
    },

    /** Deadlines `days` working days after `fromIso`, on the calendar in the database. */
    async computeDeadlines(fromIso: string, days: number[]): Promise<string[]> {
      const calendar = await loadCalendar(db);
      return days.map((d) => addWorkingDays(new Date(fromIso), d, calendar).toISOString());
    },

    /** The admission rule set in force, with its version. */
    async loadAdmissionRules(): Promise<{ version: number; rules: AdmissionRules }> {
      const current = await loadCurrentRules(db, 'admission');
      if (!current) throw new Error('no admission rule set: run the reference-data seed');
      return { version: current.version, rules: AdmissionRules.parse(current.body) };
    },

    /** The active roster entry of an organisation, if it already is a sub-center. */
    async findActiveSubCenter(creditCode: string): Promise<{ id: string; name: string } | null> {
      const row = await db.selectFrom('sub_centers').select(['id', 'name'])
        .where('credit_code', '=', creditCode).where('status', '=', 'active').executeTakeFirst();
      return row ?? null;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
