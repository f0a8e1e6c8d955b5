/**
 * The state and steps of one open-competition task (workflows/competition.ts runs them in order):
 * its record, bids and award; the approval engine with the steps' forms, decisions and
 * 退回 targets; the 公示 of the award; each winner's 撤回 of a milestone report; and the Updates
 * of drafting, publishing and bidding.
 */

import * as wf from '@temporalio/workflow';
import type { Projection, TaskClosing } from '../activities/caseChanges.js';
import { APPLICANT_STEP, type Decision, type ForecastStep, forecastStep } from '../domain/approval.js';
import {
  Acceptance,
  AwardDecision,
  BidInput,
  bidScoring,
  type CompetitionStep,
  competitionSteps,
  DEFAULT_BID_CRITERIA,
  MilestoneReport,
  rankBids,
} from '../domain/competition.js';
import { issueErrors } from '../domain/issueWords.js';
import { say } from '../domain/messages.js';
import { DEFAULT_NOTICE_PERIODS } from '../domain/notice.js';
import { awardFields, bidRevisionFields, criteriaFields } from '../domain/stepForms.js';
import { shanghaiMinute } from '../domain/workdays.js';
import { auditActor, refuse, type StepOutcome, type StepSchemas } from './approvalEngine.js';
import type { TaskState } from './approvalUpdates.js';
import { type CaseEngine, caseEngineWithNotice } from './caseEngine.js';
import { actorRef, CaseRecorder, projectionOf, SYSTEM_ACTOR, workflowNow } from './caseRecorder.js';
import { delivery } from './competitionDelivery.js';
import { installDraftUpdates } from './competitionDraft.js';
import { expertPanels } from './competitionScoring.js';
import type {
  Bid,
  CompetitionContext,
  CompetitionInput,
  CompetitionState,
  CompetitionStatus,
  Decided,
} from './competitionUpdates.js';
import { NOTICE_PATCH } from './publicNotice.js';
import { Recall } from './recall.js';
import { since } from './versions.js';

const AWARD_RESULTS = { win: '拟立项' };
const FORMS: StepSchemas = {
  award: AwardDecision,
  bid_revision: BidInput,
  milestone_report: MilestoneReport,
  acceptance: Acceptance,
};
const DECISIONS: Partial<Record<CompetitionStep, Decision[]>> = {
  bid_scoring: ['approve', 'return'],
  milestone_review: ['approve', 'return'],
  award: ['approve', 'return'],
  acceptance: ['approve', 'return'],
};
/**
 * 退回 targets: an expert sends a bid back to its bidder; the award sends the bids back to the
 * expert panel; acceptance to the winner or the last review.
 */
const RETURN_TARGETS: Partial<Record<CompetitionStep, string[]>> = {
  bid_scoring: [APPLICANT_STEP],
  award: ['bid_scoring'],
  acceptance: [APPLICANT_STEP, 'milestone_review'],
};

/** A competition's state and its steps, for workflows/competition.ts to run. */
export function competitionCase(input: CompetitionInput) {
  const { workflowId } = wf.workflowInfo();
  const steps = competitionSteps(input.rules);
  /** What the experts score (the rule set's 评分标准, recorded with the task). */
  const criteria = input.rules?.bidCriteria ?? DEFAULT_BID_CRITERIA;
  const state: CompetitionState = {
    task: input.data,
    status: 'draft',
    publishedAt: null,
    award: null,
    ready: false,
    publishRequest: null,
  };
  const bids: Bid[] = [];
  /** An expert's 退回 of a bid: their own task, closed with the bid's return (each bid's latest). */
  const returning = new Map<string, TaskClosing>();
  const rec = new CaseRecorder<CompetitionStatus>('competition', workflowId, () => ({
    status: state.status,
    write: projectionOf(
      'competition_tasks',
      workflowId,
      state.status,
      { year: state.task.year, title: state.task.title },
      {
        ...state.task,
        publishedAt: state.publishedAt,
        award: state.award,
        ruleVersion: input.rules?.version ?? null,
        bids: bids.map(({ id, subCenter, score, status: s, requestedAmount, acceptance }) => ({
          id,
          subCenter: subCenter.name,
          // whose bid it is: each organisation reads its own while the others stay sealed
          organizationId: subCenter.organizationId ?? null,
          score,
          status: s,
          requestedAmount,
          acceptance: acceptance?.result ?? null,
        })),
      },
    ),
  }));
  const bidProjection = (b: Bid): Projection => ({
    table: 'bids',
    columns: {
      id: b.id,
      status: b.status,
      version: ++b.version,
      created_at: b.submittedAt,
      competition_id: workflowId,
      sub_center_id: b.subCenter.id,
      sub_center_name: b.subCenter.name,
      organization_id: b.subCenter.organizationId,
      city: b.subCenter.city,
      requested_amount: b.requestedAmount,
    },
    body: { ...b, competitionId: workflowId, competitionTitle: state.task.title },
  });
  const noticeSpec = () => ({
    kind: 'award' as const,
    period: input.rules?.noticePeriod ?? DEFAULT_NOTICE_PERIODS.award,
    results: AWARD_RESULTS,
    removable: true,
  });
  const { engine, notice }: CaseEngine = caseEngineWithNotice(
    rec,
    {
      snapshot: () => ({ id: workflowId, status: state.status, award: state.award }),
      record: rec.record,
      decisions: (t) => DECISIONS[t.step as CompetitionStep] ?? ['approve'],
      returnTargets: (t) => RETURN_TARGETS[t.step as CompetitionStep] ?? [APPLICANT_STEP],
      isParty: (a) =>
        bids.some((b) => b.subCenter.organizationId !== null && b.subCenter.organizationId === a.organizationId),
      validateDecision: (t, { decision: d }) => {
        if (d.decision !== 'return') validate(t, d.payload, d.noConflict);
      },
      // the experts score by the rule set's criteria; the award chooses among the ranked bids; a
      // bidder revises its bid as it stands
      formFields: (t) =>
        t.step === 'bid_scoring'
          ? criteriaFields(criteria, 'payload.')
          : t.step === 'award'
            ? awardFields(
                rankBids(bids).map((b) => ({ ...b, subCenter: b.subCenter.name })),
                { winners: state.task.winners, budget: state.task.budget },
              )
            : t.step === 'bid_revision'
              ? bidRevisionFields(bids.find((b) => b.subCenter.organizationId === t.organizationId))
              : [],
      // the steps to the award, then its 公示 and 复核 window
      forecast: () => {
        const ahead: CompetitionStep[] = ['draft', 'open', 'expert_review'].includes(state.status)
          ? ['bid_scoring', 'award']
          : state.status === 'award'
            ? ['award']
            : [];
        const beforeNotice = ahead.length > 0 || state.status === 'public_notice';
        // while bids are taken, the panel starts at the deadline
        const bidding: ForecastStep[] =
          state.status === 'draft' || state.status === 'open'
            ? [
                {
                  step: 'bidding',
                  mode: 'any',
                  reviewers: { users: [] },
                  workingDays: 0,
                  dueAt: state.task.bidDeadline,
                },
              ]
            : [];
        return [
          ...bidding,
          ...ahead.map((s) => forecastStep(s, steps[s], null, engine.openTasks().find((t) => t.step === s)?.dueAt)),
          ...(beforeNotice || notice.started() ? notice.forecast() : []),
        ];
      },
    },
    noticeSpec,
  );
  function validate(t: TaskState, payload: unknown, noConflict?: boolean) {
    const parsed = (t.step === 'bid_scoring' ? bidScoring(criteria) : FORMS[t.step])?.safeParse(payload ?? {});
    if (parsed && !parsed.success)
      throw refuse('validation', say('invalidForm'), issueErrors(parsed.error!.issues, ['payload']));
    if (t.step === 'bid_scoring' && noConflict !== true)
      throw refuse('validation', say('declareNoConflictOfInterest'), {
        noConflict: say('tickNoConflict'),
      });
    if (t.step === 'bid_revision') overBudget(BidInput.parse(payload).requestedAmount);
    if (t.step === 'award') {
      const { winners } = AwardDecision.parse(payload);
      if (winners.length > state.task.winners)
        throw refuse('validation', say('atMostWinners', state.task.winners), {
          'payload.winners': say('atMostItems', String(state.task.winners)),
        });
      if (winners.some((w) => !bids.some((b) => b.id === w)))
        throw refuse('validation', say('unknownBid'), { 'payload.winners': say('unknownBid') });
      const sum = winners.reduce((a, w) => a + bids.find((b) => b.id === w)!.requestedAmount, 0);
      if (sum > state.task.budget)
        throw refuse('validation', say('amountsOverBudget', sum, state.task.budget), {
          'payload.winners': say('amountsOverBudget', sum, state.task.budget),
        });
    }
  }
  // 撤回: each winner its own milestone report
  const recall = new Recall(engine, {
    isParty: (a) => bids.some((b) => b.agreement && b.subCenter.organizationId === a.organizationId),
    keyOf: (a) => a.organizationId ?? '',
    snapshot: () => ({ id: workflowId, status: state.status }),
    recorded: () => rec.recorded(),
    what: { zh: '里程碑报告', en: 'milestone report' },
  });
  function overBudget(amount: number, field = 'payload.') {
    if (amount > state.task.budget)
      throw refuse('validation', say('amountOverBudget', state.task.budget), {
        [`${field}requestedAmount`]: say('amountOverBudget', state.task.budget),
      });
  }
  recall.install();
  const c: CompetitionContext = {
    workflowId,
    input,
    steps,
    criteria,
    bids,
    returning,
    rec,
    engine,
    recall,
    bidProjection,
    overBudget,
    state,
  };
  installDraftUpdates(c);
  const { expertScoring } = expertPanels(c);
  const { carryOut } = delivery(c);

  return {
    bids,
    /** The task drafted: the case's first entry. */
    async drafted() {
      await rec.commit({ actor: input.createdBy, action: 'competition.drafted' });
      state.ready = true;
    },
    publication,
    biddingWindow,
    closeUnawarded,
    expertScoring,
    awardStep,
    winners: () => bids.filter((b) => b.status === 'won'),
    carryOut,
    end,
  };

  /** The competition ends: each winner's acceptance and payout recorded, the 公示 closed, every Update answered. */
  async function end() {
    state.status = state.award!.winners.length ? 'closed' : 'unawarded';
    await rec.commit({
      actor: SYSTEM_ACTOR,
      action: 'competition.closed',
      data: {
        results: bids
          .filter((b) => b.acceptance)
          .map((b) => ({ subCenter: b.subCenter.name, result: b.acceptance!.result, payoutId: b.payoutId })),
      },
    });
    if (notice.started()) await notice.closed();
    await wf.condition(wf.allHandlersFinished);
    return state.status;
  }

  async function publication() {
    await wf.condition(() => state.publishRequest !== null);
    state.status = 'open';
    state.publishedAt = workflowNow();
    await rec.commit(
      {
        actor: actorRef(state.publishRequest!),
        action: 'competition.published',
        data: { bidDeadline: state.task.bidDeadline },
      },
      {
        notify: [
          rec.notify(
            { role: 'applicant', city: null },
            'competition.published',
            `揭榜挂帅任务发布: ${state.task.title}，截止 ${shanghaiMinute(state.task.bidDeadline)}`,
          ),
        ],
      },
    );
  }

  /** The bid window closes on a durable timer. */
  async function biddingWindow() {
    await wf.sleep(Math.max(1, Date.parse(state.task.bidDeadline) - Date.now()));
    await wf.condition(wf.allHandlersFinished);
  }

  async function closeUnawarded() {
    state.status = 'unawarded';
    await rec.commit({
      actor: SYSTEM_ACTOR,
      action: 'competition.closed_unawarded',
      comment: say('noEligibleBid'),
    });
    return state.status;
  }

  /** The award, or null; a return (退回) to the expert panel comes back to the caller. */
  async function awardStep(): Promise<Decided | null> {
    state.status = 'award';
    const ranked = rankBids(bids);
    const { run, toOpen } = await engine.open({
      step: 'award',
      title: state.task.title,
      config: steps.award,
      city: null,
    });
    await rec.commit(
      {
        actor: SYSTEM_ACTOR,
        action: 'competition.ranked',
        data: { ranking: ranked.map((b) => [b.subCenter.name, b.score]) },
      },
      { openTasks: toOpen },
    );
    const decided = await engine.outcome(run);
    if (decided.kind !== 'decided') throw wf.ApplicationFailure.nonRetryable('award ended without a decision');
    if (decided.decision.decision === 'return') return decided;
    const { winners, reasons } = AwardDecision.parse(decided.decision.payload);
    state.award = { winners, reasons, by: decided.actor.displayName };
    for (const b of bids) b.status = winners.includes(b.id) ? 'won' : 'lost';
    if (winners.length && since(NOTICE_PATCH)) {
      await noticeOfAward(decided);
      return null;
    }
    state.status = winners.length ? 'in_progress' : 'unawarded';
    await rec.commit(
      {
        actor: auditActor(decided.actor, decided.by),
        action: winners.length ? 'competition.awarded' : 'competition.closed_unawarded',
        comment: reasons,
        data: { winners },
      },
      {
        closeTasks: decided.closing,
        extraProjections: bids.map(bidProjection),
        notify: [
          rec.notify({ role: 'applicant', city: null }, 'competition.awarded', `揭榜挂帅结果公布: ${state.task.title}`),
        ],
      },
    );
    engine.finish(decided);
    return null;
  }

  /** 公示 of the winners before the task agreements: an upheld objection takes a winner off the list. */
  async function noticeOfAward(decided: Extract<StepOutcome, { kind: 'decided' }>) {
    state.status = 'public_notice';
    const items = bids
      .filter((b) => b.status === 'won')
      .map((b) => ({
        id: b.id,
        orgName: b.subCenter.name,
        city: b.subCenter.city,
        system: b.subCenter.system,
        category: b.subCenter.category,
        result: `${AWARD_RESULTS.win}：${state.task.title}`,
        code: 'win',
        organizationId: b.subCenter.organizationId,
      }));
    await notice.open(items, () =>
      rec.commit(
        {
          actor: auditActor(decided.actor, decided.by),
          action: 'competition.award_for_notice',
          comment: state.award!.reasons,
          data: { winners: state.award!.winners },
        },
        { closeTasks: decided.closing, extraProjections: bids.map(bidProjection) },
      ),
    );
    engine.finish(decided);
    const kept = new Set((await notice.final())!.map((i) => i.id));
    for (const b of bids) if (b.status === 'won' && !kept.has(b.id)) b.status = 'lost';
    state.award!.winners = state.award!.winners.filter((w) => kept.has(w));
    state.status = state.award!.winners.length ? 'in_progress' : 'unawarded';
    await rec.commit(
      {
        actor: SYSTEM_ACTOR,
        action: state.award!.winners.length ? 'competition.awarded' : 'competition.closed_unawarded',
        comment: say('noticePeriodEnded'),
        data: { winners: state.award!.winners },
      },
      {
        extraProjections: bids.map(bidProjection),
        notify: [
          rec.notify({ role: 'applicant', city: null }, 'competition.awarded', `揭榜挂帅结果公布: ${state.task.title}`),
        ],
      },
    );
  }
}
