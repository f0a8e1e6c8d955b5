/**
 * The public notice stage (公示, DOMAIN §9) that a process embeds before a decision becomes final:
 * the list is published for a period (calendar or working days); anyone may object in writing
 * during it, and each objection opens a 核查 task on the approval engine; an upheld objection
 * changes or removes its item and publishes the list again (a new version with a fresh period;
 * the old one stays readable); the list is final once its period has ended with every objection
 * handled. Within 5 working days after that, the organisation concerned may ask for a 复核,
 * decided on the engine too; a changed result is published again.
 */

import * as wf from '@temporalio/workflow';
import type { NoticeRecord, ObjectionRecord, ReviewRequestRecord } from '../activities/notices.js';
import { type ForecastStep, step } from '../domain/approval.js';
import { say } from '../domain/messages.js';
import {
  HOW_TO_OBJECT,
  type ListedItem,
  NOTICE_TITLES,
  type NoticeKind,
  type NoticePeriod,
  type NoticeStatus,
  REVIEW_WORKING_DAYS,
  receiptNo,
} from '../domain/notice.js';
import type { Actor } from '../domain/roles.js';
import { shanghaiMinute } from '../domain/workdays.js';
import { db } from './activities.js';
import type { CaseRecorder } from './caseRecorder.js';
import { SYSTEM_ACTOR } from './caseRecorder.js';

/** Patch: the 复核 window counted from the list becoming final, not from the period's end. */
const REVIEW_FROM_FINAL = 'kejin-review-from-final';

import { type ApprovalEngine, auditActor, refuse, type StepOutcome, waitUntil } from './approvalEngine.js';

/** Marks histories with the notice stage; cases recorded before it decide without one. */
export const NOTICE_PATCH = 'public-notice-1';
/** 核查 and 复核 are decided by the Provincial Center within 5 working days. */
const CHECK_STEP = step('provincial_reviewer', 5);

export const fileObjection = wf.defineUpdate<{ id: string }, [ObjectionRecord]>('fileObjection');
export const requestReview = wf.defineUpdate<{ id: string }, [{ actor: Actor; request: ReviewRequestRecord }]>(
  'requestReview',
);

export interface NoticeSpec {
  kind: NoticeKind;
  period: NoticePeriod;
  /** What an upheld objection or review may change an item's result to: code → words. */
  results: Record<string, string>;
  /** Whether an upheld objection may take an item off the list (not for evaluation results). */
  removable: boolean;
  /** A 复核 changed an item's result after the list became final. */
  onRevised?(item: ListedItem): Promise<void>;
}

export class NoticeStage {
  private items: ListedItem[] = [];
  private version = 0;
  private status: NoticeStatus = 'open';
  private startsAt = '';
  private endsAt = '';
  private reviewUntil: string | null = null;
  /** Objections and review requests being checked. */
  private pending = 0;
  /** An upheld objection changed the list: publish it again. */
  private changed = false;
  private readonly reviewed = new Set<string>();
  /** Objectors' e-mail addresses, to tell them the outcome (never written to a notice, a task or an entry). */
  private readonly contacts = new Map<string, string>();
  readonly seriesId = `${wf.workflowInfo().workflowId}-notice`;

  constructor(
    private readonly rec: Pick<CaseRecorder<string>, 'append' | 'nextKey' | 'together'>,
    private readonly engine: ApprovalEngine,
    private readonly spec: () => NoticeSpec,
  ) {}

  get id() {
    return `${this.seriesId}-v${this.version}`;
  }
  started() {
    return this.version > 0;
  }

  /** Registers the objection and review Updates (before the workflow's first await). */
  install() {
    wf.setHandler(
      fileObjection,
      async (objection) => {
        this.pending += 1;
        if (objection.email) this.contacts.set(objection.id, objection.email);
        const item = this.items.find((i) => i.id === objection.itemId)!;
        await this.check('objection_check', item, objection.id, { objection: { ...objection, noticeId: this.id } });
        return { id: objection.id };
      },
      {
        validator: (o) => {
          if (this.status !== 'open' || Date.now() > Date.parse(this.endsAt))
            throw refuse('conflict', say('objectionAfterNoticePeriod'));
          if (!this.items.some((i) => i.id === o.itemId))
            throw refuse('validation', say('noSuchItemInThis'), {
              itemId: say('notListed'),
            });
        },
      },
    );
    wf.setHandler(
      requestReview,
      async ({ actor, request }) => {
        this.pending += 1;
        this.reviewed.add(`${request.itemId}:${actor.organizationId}`);
        const item = this.items.find((i) => i.id === request.itemId)!;
        await this.check(
          'review_request',
          item,
          request.id,
          { reviewRequest: { ...request, noticeId: this.id } },
          actor,
        );
        return { id: request.id };
      },
      {
        validator: ({ actor, request }) => {
          const item = this.items.find((i) => i.id === request.itemId);
          if (!item)
            throw refuse('validation', say('noSuchItemInThis'), {
              itemId: say('notListed'),
            });
          if (!actor.organizationId || item.organizationId !== actor.organizationId)
            throw refuse('forbidden', say('onlyOrganisationConcernedMayAsk'));
          if (this.status !== 'final' || !this.reviewUntil || Date.now() > Date.parse(this.reviewUntil))
            throw refuse('conflict', say('reviewWindowList'));
          if (this.reviewed.has(`${item.id}:${actor.organizationId}`))
            throw refuse('conflict', say('reviewWasAlreadyRequested'));
        },
      },
    );
  }

  /** Publishes the list, written with `decision`, the change that leads to it (which answers after this). */
  async open(items: ListedItem[], decision: () => Promise<void>) {
    // the decision and the list it publishes are one write (runs before version 6: one each)
    await this.rec.together(async () => {
      await decision();
      this.items = items;
      await this.publish('notice.published', this.spec().period);
    });
  }

  /** Waits until the list is final: its period over with every objection handled; `null` when the case stopped. */
  async final(abandon: () => boolean = () => false): Promise<ListedItem[] | null> {
    for (;;) {
      await waitUntil(() => this.changed || abandon(), this.endsAt);
      if (!this.changed && !abandon()) await wf.condition(() => this.pending === 0 || this.changed || abandon());
      if (abandon()) {
        this.status = 'withdrawn';
        await this.rec.append(
          { actor: SYSTEM_ACTOR, action: 'notice.withdrawn', data: { noticeId: this.id } },
          { notices: [this.record()] },
        );
        return null;
      }
      if (!this.changed) break;
      // an upheld objection published the list again (see `decide`): wait out its fresh period
      this.changed = false;
    }
    this.status = 'final';
    // 复核 is counted from the list becoming final (DOMAIN §9): a 核查 that outlasted the period
    // moves the window, which was counted from the period's end when the list was published
    if (Date.now() > Date.parse(this.endsAt) + 60_000 && wf.patched(REVIEW_FROM_FINAL)) {
      const [until] = await db().computeDeadlines(new Date(Date.now()).toISOString(), [REVIEW_WORKING_DAYS]);
      this.reviewUntil = until!;
    }
    await this.rec.append(
      {
        actor: SYSTEM_ACTOR,
        action: 'notice.final',
        comment: say('listFinalAfterNotice'),
        data: { noticeId: this.id },
      },
      { notices: [this.record()] },
    );
    return this.items;
  }

  /**
   * 流程预测 of the stage: the 公示 (in progress with its end, or ahead with its period) and the 复核
   * window after it (to its end once known); nothing once the window has passed.
   */
  forecast(): ForecastStep[] {
    const { days, unit } = this.spec().period;
    if (!this.started()) return noticeForecast({ days, unit });
    if (this.status === 'open') return noticeForecast({ days, unit }, this.endsAt);
    const windowOpen = this.status === 'final' && this.reviewUntil && Date.now() < Date.parse(this.reviewUntil);
    return windowOpen ? [reviewWindow(this.reviewUntil)] : [];
  }

  /** Waits out the 复核 window and any review still being decided (before the workflow ends). */
  async closed() {
    if (!this.reviewUntil) return;
    await waitUntil(() => false, this.reviewUntil);
    await wf.condition(() => this.pending === 0);
  }

  private record(): NoticeRecord {
    return {
      id: this.id,
      seriesId: this.seriesId,
      version: this.version,
      kind: this.spec().kind,
      title: NOTICE_TITLES[this.spec().kind],
      status: this.status,
      startsAt: this.startsAt,
      endsAt: this.endsAt,
      reviewUntil: this.reviewUntil,
      howToObject: HOW_TO_OBJECT,
      items: this.items.map(({ id, orgName, city, system, category, result, organizationId }) => ({
        id,
        orgName,
        city,
        system,
        category,
        result,
        organizationId,
      })),
    };
  }

  /** A new version of the list (the previous one is superseded), open for objections for a fresh period. */
  private async publish(action: string, period: NoticePeriod | null) {
    const previous = this.version > 0 ? { ...this.record(), status: 'superseded' } : null;
    this.version += 1;
    this.startsAt = new Date(Date.now()).toISOString();
    if (period) {
      const d = await db().noticeDeadlines(this.startsAt, period);
      [this.endsAt, this.reviewUntil, this.status] = [d.endsAt, d.reviewUntil, 'open'];
    }
    await this.rec.append(
      {
        actor: SYSTEM_ACTOR,
        action,
        data: { noticeId: this.id, version: this.version, endsAt: this.endsAt, items: this.items.length },
      },
      {
        notices: [...(previous ? [previous] : []), this.record()],
        notify: this.items.map((i) => ({
          key: this.rec.nextKey(),
          recipient: { role: 'applicant', organizationId: i.organizationId },
          kind: action,
          message: `${NOTICE_TITLES[this.spec().kind]}（第 ${this.version} 版）: ${i.orgName} — ${i.result}，公示至 ${shanghaiMinute(this.endsAt)}`,
        })),
      },
    );
  }

  /** Opens a 核查 or 复核 task with its record, then decides it in the background. */
  private async check(
    name: 'objection_check' | 'review_request',
    item: ListedItem,
    recordId: string,
    extra: object,
    by?: Actor,
  ) {
    const { run, toOpen } = await this.engine.open({
      step: name,
      // named by its objection or request: a case with twenty objections has twenty distinct 核查
      title: `${name === 'objection_check' ? '异议核查' : '复核'} · ${item.orgName} · ${receiptNo(recordId)}`,
      config: CHECK_STEP,
      city: null,
    });
    await this.rec.append(
      {
        actor: by ? auditActor(by) : { id: 'public', name: '公众' },
        action: name === 'objection_check' ? 'notice.objection_filed' : 'notice.review_requested',
        data: { noticeId: this.id, itemId: item.id, recordId },
      },
      {
        ...extra,
        openTasks: toOpen,
        notify: toOpen.map((t) => ({
          key: this.rec.nextKey(),
          recipient: { role: t.role, city: null },
          kind: 'task.opened',
          message: `${t.title}: 待办`,
        })),
      },
    );
    void this.engine.outcome(run).then((o) => this.decide(name, item, recordId, o));
  }

  private async decide(name: 'objection_check' | 'review_request', item: ListedItem, recordId: string, o: StepOutcome) {
    if (o.kind !== 'decided') return;
    const upheld = o.decision.decision === 'approve';
    const form = (o.decision.payload ?? {}) as { action?: 'remove' | 'change'; code?: string };
    if (upheld) {
      if (form.action === 'remove') this.items = this.items.filter((i) => i !== item);
      else Object.assign(item, { code: form.code!, result: this.spec().results[form.code!] });
    }
    const objection = name === 'objection_check';
    const outcome = upheld ? (objection ? 'upheld' : 'changed') : 'dismissed';
    const contact = objection ? this.contacts.get(recordId) : undefined;
    await this.rec.append(
      {
        actor: auditActor(o.actor, o.by),
        action: `notice.${objection ? 'objection' : 'review'}_${outcome}`,
        comment: o.decision.comment,
        data: { noticeId: this.id, itemId: item.id, recordId },
      },
      {
        closeTasks: o.closing,
        decided: {
          table: objection ? 'objections' : 'review_requests',
          id: recordId,
          status: outcome,
          outcome: o.decision.comment,
        },
        notify: [
          ...(contact
            ? [
                {
                  key: this.rec.nextKey(),
                  recipient: { email: contact },
                  kind: 'notice.objection_outcome',
                  message: `您对「${item.orgName}」的异议${upheld ? '成立' : '不成立'}：${o.decision.comment}`,
                },
              ]
            : []),
          {
            key: this.rec.nextKey(),
            recipient: { role: 'applicant', organizationId: item.organizationId },
            kind: `notice.${outcome}`,
            message: `${NOTICE_TITLES[this.spec().kind]}: ${item.orgName} — ${objection ? '异议核查' : '复核'}${upheld ? '后结果变更' : '维持原结果'}`,
          },
        ],
      },
    );
    // the decision answers once the changed list is published
    if (upheld && objection) await this.publish('notice.republished', this.spec().period);
    if (upheld && !objection) {
      await this.publish('notice.revised', null);
      await this.spec().onRevised?.(item);
    }
    this.engine.finish(o);
    this.changed ||= upheld && objection;
    this.pending -= 1;
  }
}

/** 流程预测 of a 公示 still ahead or in progress (to `endsAt`), and the 复核 window after it. */
export function noticeForecast({ days, unit }: NoticePeriod, endsAt?: string | null): ForecastStep[] {
  return [
    {
      step: 'public_notice',
      mode: 'any',
      reviewers: { users: [] },
      workingDays: unit === 'working' ? days : 0,
      period: { days, unit },
      ...(endsAt && { dueAt: endsAt }),
    },
    reviewWindow(),
  ];
}
const reviewWindow = (dueAt?: string | null): ForecastStep => ({
  step: 'review_window',
  mode: 'any',
  reviewers: { users: [] },
  workingDays: REVIEW_WORKING_DAYS,
  ...(dueAt && { dueAt }),
});
