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
  acceptancePayout,
  BidInput,
  bidScore,
  bidScoring,
  type CompetitionStep,
  CompetitionTaskInput,
  competitionSteps,
  DEFAULT_BID_CRITERIA,
  isEligible,
  MilestoneReport,
  rankBids,
} from '../domain/competition.js';
import { issueErrors } from '../domain/issueWords.js';
import { say } from '../domain/messages.js';
import { DEFAULT_NOTICE_PERIODS } from '../domain/notice.js';
import type { Actor } from '../domain/roles.js';
import { awardFields, bidRevisionFields, criteriaFields } from '../domain/stepForms.js';
import { shanghaiMinute } from '../domain/workdays.js';
import { db } from './activities.js';
import {
  ApprovalEngine,
  auditActor,
  refuse,
  type StepOutcome,
  type StepRun,
  type StepSchemas,
} from './approvalEngine.js';
import type { TaskState } from './approvalUpdates.js';
import { actorRef, CaseRecorder, projectionOf, SYSTEM_ACTOR, workflowNow } from './caseRecorder.js';
import {
  type Bid,
  type CompetitionInput,
  type CompetitionStatus,
  competitionCreated,
  editCompetitionTask,
  publishCompetitionTask,
  submitBid,
  withdrawBid,
} from './competitionUpdates.js';
import { payout, payoutWorkflowId } from './payout.js';
import { NOTICE_PATCH, NoticeStage, withNoticeSteps } from './publicNotice.js';
import { Recall, type RecallRequest } from './recall.js';
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
type Decided = Extract<StepOutcome, { kind: 'decided' }>;
export type Returned = Decided;

/** A competition's state and its steps, for workflows/competition.ts to run. */
export function competitionCase(input: CompetitionInput) {
  const { workflowId } = wf.workflowInfo();
  const steps = competitionSteps(input.rules);
  /** What the experts score (the rule set's 评分标准, recorded with the task). */
  const criteria = input.rules?.bidCriteria ?? DEFAULT_BID_CRITERIA;
  let task: CompetitionTaskInput = input.data;
  let status: CompetitionStatus = 'draft';
  let publishedAt: string | null = null;
  let award: { winners: string[]; reasons: string; by: string } | null = null;
  const bids: Bid[] = [];
  /** An expert's 退回 of a bid: their own task, closed with the bid's return (each bid's latest). */
  const returning = new Map<string, TaskClosing>();
  let ready = false;
  let publishRequest: Actor | null = null;
  const rec = new CaseRecorder<CompetitionStatus>('competition', workflowId, () => ({
    status,
    write: projectionOf(
      'competition_tasks',
      workflowId,
      status,
      { year: task.year, title: task.title },
      {
        ...task,
        publishedAt,
        award,
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
    body: { ...b, competitionId: workflowId, competitionTitle: task.title },
  });
  const noticeSpec = () => ({
    kind: 'award' as const,
    period: input.rules?.noticePeriod ?? DEFAULT_NOTICE_PERIODS.award,
    results: AWARD_RESULTS,
    removable: true,
  });
  const engine: ApprovalEngine = new ApprovalEngine(
    withNoticeSteps(
      {
        snapshot: () => ({ id: workflowId, status, award }),
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
                  { winners: task.winners, budget: task.budget },
                )
              : t.step === 'bid_revision'
                ? bidRevisionFields(bids.find((b) => b.subCenter.organizationId === t.organizationId))
                : [],
        // the steps to the award, then its 公示 and 复核 window
        forecast: () => {
          const ahead: CompetitionStep[] = ['draft', 'open', 'expert_review'].includes(status)
            ? ['bid_scoring', 'award']
            : status === 'award'
              ? ['award']
              : [];
          const beforeNotice = ahead.length > 0 || status === 'public_notice';
          // while bids are taken, the panel starts at the deadline
          const bidding: ForecastStep[] =
            status === 'draft' || status === 'open'
              ? [{ step: 'bidding', mode: 'any', reviewers: { users: [] }, workingDays: 0, dueAt: task.bidDeadline }]
              : [];
          return [
            ...bidding,
            ...ahead.map((s) => forecastStep(s, steps[s], null, engine.openTasks().find((t) => t.step === s)?.dueAt)),
            ...(beforeNotice || notice.started() ? notice.forecast() : []),
          ];
        },
      },
      noticeSpec,
    ),
  );
  const notice = new NoticeStage(rec, engine, noticeSpec);
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
      if (winners.length > task.winners)
        throw refuse('validation', say('atMostWinners', task.winners), {
          'payload.winners': say('atMostItems', String(task.winners)),
        });
      if (winners.some((w) => !bids.some((b) => b.id === w)))
        throw refuse('validation', say('unknownBid'), { 'payload.winners': say('unknownBid') });
      const sum = winners.reduce((a, w) => a + bids.find((b) => b.id === w)!.requestedAmount, 0);
      if (sum > task.budget)
        throw refuse('validation', say('amountsOverBudget', sum, task.budget), {
          'payload.winners': say('amountsOverBudget', sum, task.budget),
        });
    }
  }
  // 撤回: each winner its own milestone report
  const recall = new Recall(engine, {
    isParty: (a) => bids.some((b) => b.agreement && b.subCenter.organizationId === a.organizationId),
    keyOf: (a) => a.organizationId ?? '',
    snapshot: () => ({ id: workflowId, status }),
    recorded: () => rec.recorded(),
    what: '里程碑报告',
  });
  function overBudget(amount: number, field = 'payload.') {
    if (amount > task.budget)
      throw refuse('validation', say('amountOverBudget', task.budget), {
        [`${field}requestedAmount`]: say('amountOverBudget', task.budget),
      });
  }
  engine.install();
  notice.install();
  recall.install();
  installDraftUpdates();

  return {
    bids,
    /** The task drafted: the case's first entry. */
    async drafted() {
      await rec.commit({ actor: input.createdBy, action: 'competition.drafted' });
      ready = true;
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
    status = award!.winners.length ? 'closed' : 'unawarded';
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
    return status;
  }

  async function publication() {
    await wf.condition(() => publishRequest !== null);
    status = 'open';
    publishedAt = workflowNow();
    await rec.commit(
      { actor: actorRef(publishRequest!), action: 'competition.published', data: { bidDeadline: task.bidDeadline } },
      {
        notify: [
          rec.notify(
            { role: 'applicant', city: null },
            'competition.published',
            `揭榜挂帅任务发布: ${task.title}，截止 ${shanghaiMinute(task.bidDeadline)}`,
          ),
        ],
      },
    );
  }

  /** The bid window closes on a durable timer. */
  async function biddingWindow() {
    await wf.sleep(Math.max(1, Date.parse(task.bidDeadline) - Date.now()));
    await wf.condition(wf.allHandlersFinished);
  }

  async function closeUnawarded() {
    status = 'unawarded';
    await rec.commit({
      actor: SYSTEM_ACTOR,
      action: 'competition.closed_unawarded',
      comment: say('noEligibleBid'),
    });
    return status;
  }

  /** A 会签 panel scores each bid; the bid's score is the panel's mean. Sent back by the award, it scores afresh. */
  async function expertScoring(back: Returned | null) {
    status = 'expert_review';
    if (back) for (const bid of bids) unscored(bid);
    const panels = [];
    for (const bid of bids) panels.push(await panel(bid));
    await rec.commit(
      back
        ? {
            actor: auditActor(back.actor, back.by),
            action: 'competition.returned_for_scoring',
            comment: back.decision.comment,
            data: { bids: bids.length },
          }
        : { actor: SYSTEM_ACTOR, action: 'competition.bidding_closed', data: { bids: bids.length } },
      {
        openTasks: panels.flatMap((p) => p.toOpen),
        closeTasks: back?.closing,
        extraProjections: back ? bids.map(bidProjection) : undefined,
      },
    );
    if (back) engine.finish(back);
    await Promise.all(panels.map((p, i) => scored(bids[i]!, p.run)));
  }
  function unscored(bid: Bid) {
    bid.scores = [];
    bid.score = 0;
  }
  /** One bid's panel of experts. */
  function panel(bid: Bid) {
    return engine.open({
      step: 'bid_scoring',
      title: `${task.title} · ${bid.subCenter.name}`,
      config: steps.bid_scoring,
      city: null,
      conflict: { city: bid.subCenter.city, organizationId: bid.subCenter.organizationId },
      // the bidder urges the scoring of its own bid, not of the others'
      party: bid.subCenter.organizationId,
      onVote: async (vote, close) => {
        if (vote.decision.decision === 'return') {
          returning.set(bid.id, close);
          return;
        }
        bid.scores.push({ ...bidScoring(criteria).parse(vote.decision.payload), expert: vote.actor.displayName });
        bid.score = bidScore(bid.scores, criteria);
        await rec.commit(
          {
            actor: auditActor(vote.actor, vote.by),
            action: 'competition.bid_scored',
            comment: vote.decision.comment,
            data: { bidId: bid.id },
          },
          { closeTasks: [close], extraProjections: [bidProjection(bid)] },
        );
      },
    });
  }

  /** A bid's panel to its end: sent back to the bidder (退回), the bid is revised and scored afresh. */
  async function scored(bid: Bid, run: StepRun) {
    for (;;) {
      const o = await engine.outcome(run);
      if (o.kind !== 'decided' || o.decision.decision !== 'return') return engine.finish(o);
      run = await revised(bid, o);
    }
  }

  /**
   * 修改揭榜方案: the bidder revises its plan, team or amount within the step's working days; if it
   * does not, the bid stands as filed. Either way a new panel scores it.
   */
  async function revised(bid: Bid, returned: Decided): Promise<StepRun> {
    const revision = await engine.open({
      step: 'bid_revision',
      title: `${task.title} · ${bid.subCenter.name}`,
      config: steps.bid_revision,
      city: null,
      organizationId: bid.subCenter.organizationId,
      party: bid.subCenter.organizationId,
      expireAtDue: true,
    });
    unscored(bid);
    await rec.commit(
      {
        actor: auditActor(returned.actor, returned.by),
        action: 'competition.bid_returned',
        comment: returned.decision.comment,
        data: { bidId: bid.id },
      },
      {
        closeTasks: [returning.get(bid.id)!, ...returned.closing],
        openTasks: revision.toOpen,
        extraProjections: [bidProjection(bid)],
      },
    );
    engine.finish(returned);
    const o = await engine.outcome(revision.run);
    if (o.kind === 'decided') Object.assign(bid, BidInput.parse(o.decision.payload));
    const next = await panel(bid);
    await rec.commit(
      o.kind === 'decided'
        ? {
            actor: auditActor(o.actor, o.by),
            action: 'competition.bid_revised',
            comment: o.decision.comment,
            data: { bidId: bid.id, requestedAmount: bid.requestedAmount },
          }
        : {
            actor: SYSTEM_ACTOR,
            action: 'competition.bid_stands',
            comment: say('notRevisedInTimeBid'),
            data: { bidId: bid.id },
          },
      {
        closeTasks: o.kind === 'decided' ? closed(o, 'approve') : o.closing,
        openTasks: next.toOpen,
        extraProjections: [bidProjection(bid)],
      },
    );
    engine.finish(o);
    return next.run;
  }

  /** The award, or null; a return (退回) to the expert panel comes back to the caller. */
  async function awardStep(): Promise<Returned | null> {
    status = 'award';
    const ranked = rankBids(bids);
    const { run, toOpen } = await engine.open({ step: 'award', title: task.title, config: steps.award, city: null });
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
    award = { winners, reasons, by: decided.actor.displayName };
    for (const b of bids) b.status = winners.includes(b.id) ? 'won' : 'lost';
    if (winners.length && since(NOTICE_PATCH)) {
      await noticeOfAward(decided);
      return null;
    }
    status = winners.length ? 'in_progress' : 'unawarded';
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
          rec.notify({ role: 'applicant', city: null }, 'competition.awarded', `揭榜挂帅结果公布: ${task.title}`),
        ],
      },
    );
    engine.finish(decided);
    return null;
  }

  /** 公示 of the winners before the task agreements: an upheld objection takes a winner off the list. */
  async function noticeOfAward(decided: Extract<StepOutcome, { kind: 'decided' }>) {
    status = 'public_notice';
    const items = bids
      .filter((b) => b.status === 'won')
      .map((b) => ({
        id: b.id,
        orgName: b.subCenter.name,
        city: b.subCenter.city,
        system: b.subCenter.system,
        category: b.subCenter.category,
        result: `${AWARD_RESULTS.win}：${task.title}`,
        code: 'win',
        organizationId: b.subCenter.organizationId,
      }));
    await notice.open(items, () =>
      rec.commit(
        {
          actor: auditActor(decided.actor, decided.by),
          action: 'competition.award_for_notice',
          comment: award!.reasons,
          data: { winners: award!.winners },
        },
        { closeTasks: decided.closing, extraProjections: bids.map(bidProjection) },
      ),
    );
    engine.finish(decided);
    const kept = new Set((await notice.final())!.map((i) => i.id));
    for (const b of bids) if (b.status === 'won' && !kept.has(b.id)) b.status = 'lost';
    award!.winners = award!.winners.filter((w) => kept.has(w));
    status = award!.winners.length ? 'in_progress' : 'unawarded';
    await rec.commit(
      {
        actor: SYSTEM_ACTOR,
        action: award!.winners.length ? 'competition.awarded' : 'competition.closed_unawarded',
        comment: say('noticePeriodEnded'),
        data: { winners: award!.winners },
      },
      {
        extraProjections: bids.map(bidProjection),
        notify: [
          rec.notify({ role: 'applicant', city: null }, 'competition.awarded', `揭榜挂帅结果公布: ${task.title}`),
        ],
      },
    );
  }

  /**
   * One step about one winner's bid, opened with an audit entry (the system's, or `opening`'s);
   * its run and due date handed back.
   */
  async function bidStep(
    bid: Bid,
    name: CompetitionStep,
    title: string,
    action: string,
    data: Record<string, unknown>,
    more: {
      dueAt?: string;
      expireAtDue?: boolean;
      abandon?: () => boolean;
      opening?: { actor: ReturnType<typeof auditActor>; comment: string; closeTasks: TaskClosing[] };
    } = {},
  ) {
    const own = 'role' in steps[name].reviewers && steps[name].reviewers.role === 'applicant';
    const { run, toOpen } = await engine.open({
      step: name,
      title,
      config: steps[name],
      city: null,
      organizationId: own ? bid.subCenter.organizationId : null,
      // the winner urges the review of its own milestones and acceptance, no other bidder
      party: bid.subCenter.organizationId,
      dueAt: more.dueAt,
      expireAtDue: more.expireAtDue,
      abandon: more.abandon,
    });
    await rec.commit(
      {
        actor: more.opening?.actor ?? SYSTEM_ACTOR,
        action,
        comment: more.opening?.comment,
        data: { bidId: bid.id, ...data },
      },
      { openTasks: toOpen, closeTasks: more.opening?.closeTasks },
    );
    return { run, dueAt: toOpen[0]?.dueAt ?? null };
  }
  function closed(o: Decided, decision: string) {
    return o.closing.map((c) => (c.status === 'done' ? { ...c, decision } : c));
  }

  /** A winner's agreement, milestone reports and final acceptance, then its payout. */
  async function carryOut(bid: Bid) {
    const dues = await db().computeDeadlines(
      workflowNow(),
      task.milestones.map((m) => m.workingDays),
    );
    bid.agreement = {
      signedAt: workflowNow(),
      milestones: task.milestones.map((m, i) => ({ title: m.title, dueAt: dues[i]!, status: 'pending', report: null })),
    };
    await rec.commit(
      {
        actor: SYSTEM_ACTOR,
        action: 'competition.agreement_signed',
        data: { bidId: bid.id, milestones: bid.agreement.milestones.length },
      },
      { extraProjections: [bidProjection(bid)] },
    );
    const title = `${task.title} · ${bid.subCenter.name}`;
    for (const milestone of bid.agreement.milestones) await milestoneRound(bid, milestone, title, 'report');
    // 验收 may send the last milestone back: to the winner for a new report, or to its review
    const last = bid.agreement.milestones.at(-1)!;
    for (;;) {
      const back = await acceptance(bid, title);
      if (!back) break;
      last.status = 'pending';
      await milestoneRound(bid, last, title, back === APPLICANT_STEP ? 'report' : 'review', true);
    }
  }

  /**
   * A milestone's report and its review, until the review accepts it. The winner may recall (撤回)
   * a report while nobody has taken its review up: the report step reopens with its first due date,
   * and if that passes, the recalled report stands.
   */
  async function milestoneRound(
    bid: Bid,
    milestone: NonNullable<Bid['agreement']>['milestones'][number],
    title: string,
    from: 'report' | 'review',
    returned = false,
  ) {
    const party = bid.subCenter.organizationId ?? '';
    let recalled: (RecallRequest & { dueAt: string | null; closing: TaskClosing[] }) | null = null;
    let reportDue: string | null = null;
    for (let first = true; ; first = false) {
      let filed = false;
      if (from === 'report' || !first) {
        const back = recalled;
        recalled = null;
        const report = await bidStep(
          bid,
          'milestone_report',
          `${title} · ${milestone.title}`,
          back ? 'competition.milestone_report_recalled' : 'competition.milestone_due',
          { milestone: milestone.title, dueAt: milestone.dueAt },
          back
            ? {
                dueAt: back.dueAt ?? undefined,
                expireAtDue: true,
                opening: { actor: actorRef(back.actor), comment: back.comment, closeTasks: back.closing },
              }
            : // a report asked again after 验收 gets the step's working days, like a 补正
              { dueAt: returned && first ? undefined : milestone.dueAt },
        );
        if (back) recall.done(party);
        else reportDue = report.dueAt;
        const o = await engine.outcome(report.run);
        if (o.kind === 'decided') {
          const r = MilestoneReport.parse(o.decision.payload);
          milestone.report = r.progress;
          milestone.status = 'reported';
          filed = true;
          await rec.commit(
            {
              actor: auditActor(o.actor, o.by),
              action: 'competition.milestone_reported',
              comment: r.progress,
              data: { bidId: bid.id, milestone: milestone.title },
            },
            { closeTasks: closed(o, 'approve'), extraProjections: [bidProjection(bid)] },
          );
        } else if (back) {
          milestone.status = 'reported';
          await rec.commit(
            {
              actor: SYSTEM_ACTOR,
              action: 'competition.recalled_report_stands',
              comment: say('notFiledAgainInTime'),
              data: { bidId: bid.id, milestone: milestone.title },
            },
            { closeTasks: o.closing },
          );
        }
        engine.finish(o);
        if (o.kind !== 'decided' && !back) continue;
      }
      const review = await bidStep(
        bid,
        'milestone_review',
        `${title} · ${milestone.title}`,
        'competition.milestone_review_opened',
        {},
        { abandon: () => recall.asked(party) },
      );
      if (filed) recall.offer(review.run, reportDue, party);
      const reviewed = await engine.outcome(review.run);
      if (reviewed.kind !== 'decided') {
        const r = recall.take(party);
        if (!r) continue;
        engine.finish(reviewed);
        recalled = { ...r, closing: reviewed.closing };
        continue;
      }
      const accepted = reviewed.decision.decision === 'approve';
      milestone.status = accepted ? 'accepted' : 'pending';
      await rec.commit(
        {
          actor: auditActor(reviewed.actor, reviewed.by),
          action: accepted ? 'competition.milestone_accepted' : 'competition.milestone_returned',
          comment: reviewed.decision.comment,
          data: { bidId: bid.id, milestone: milestone.title },
        },
        { closeTasks: reviewed.closing, extraProjections: [bidProjection(bid)] },
      );
      engine.finish(reviewed);
      if (accepted) return;
    }
  }

  /**
   * 验收: passed (100 %), passed with conditions (80 %) or failed; an accepted task earns its payout.
   * A return (退回) names the step it goes back to.
   */
  async function acceptance(bid: Bid, title: string): Promise<string | null> {
    const judged = await engine.outcome(
      (await bidStep(bid, 'acceptance', title, 'competition.acceptance_opened', {})).run,
    );
    if (judged.kind !== 'decided') throw wf.ApplicationFailure.nonRetryable('acceptance ended without a decision');
    if (judged.decision.decision === 'return') {
      const to = judged.decision.toStep ?? APPLICANT_STEP;
      await rec.commit(
        {
          actor: auditActor(judged.actor, judged.by),
          action: 'competition.acceptance_returned',
          comment: judged.decision.comment,
          data: { bidId: bid.id, toStep: to },
        },
        { closeTasks: judged.closing, extraProjections: [bidProjection(bid)] },
      );
      engine.finish(judged);
      return to;
    }
    const { result } = Acceptance.parse(judged.decision.payload);
    bid.acceptance = { result, comment: judged.decision.comment, by: judged.actor.displayName };
    bid.status = result === 'failed' ? 'failed' : 'accepted';
    const amount = acceptancePayout(bid.requestedAmount, result);
    if (amount > 0) bid.payoutId = payoutWorkflowId('competition', bid.id);
    await rec.commit(
      {
        actor: auditActor(judged.actor, judged.by),
        action: `competition.acceptance_${result}`,
        comment: judged.decision.comment,
        data: { bidId: bid.id, payout: amount },
      },
      { closeTasks: closed(judged, result), extraProjections: [bidProjection(bid)] },
    );
    engine.finish(judged);
    if (amount > 0)
      await wf.startChild(payout, {
        workflowId: bid.payoutId!,
        parentClosePolicy: 'ABANDON',
        args: [
          {
            source: 'competition',
            sourceId: bid.id,
            subCenter: bid.subCenter,
            year: task.year,
            amount,
            reason: `揭榜挂帅 ${task.title} 验收${result === 'passed' ? '通过' : '有条件通过'}`,
            budgetKey: workflowId,
            budget: task.budget,
            approvalWorkingDays: steps.payout_approval.workingDays,
            step: steps.payout_approval,
          },
        ],
      });
    return null;
  }

  // ── drafting, publishing and bidding: Updates from the Provincial Center and the sub-centers
  function installDraftUpdates() {
    wf.setHandler(competitionCreated, async () => {
      await wf.condition(() => ready && rec.recorded());
      return { id: workflowId, status };
    });
    const isCenter = (a: Actor) => a.roles.includes('provincial_reviewer') || a.roles.includes('admin');
    wf.setHandler(
      editCompetitionTask,
      async ({ actor, changes }) => {
        task = { ...task, ...changes };
        await rec.commit({
          actor: actorRef(actor),
          action: 'competition.edited',
          data: { fields: Object.keys(changes) },
        });
        return { id: workflowId, status };
      },
      {
        validator: ({ actor, changes }) => {
          if (!isCenter(actor)) throw refuse('forbidden', say('onlyCenterEdits'));
          if (status !== 'draft') throw refuse('conflict', say('publishedTasksCannotChange'));
          const merged = CompetitionTaskInput.safeParse({ ...task, ...changes });
          if (!merged.success) throw refuse('validation', say('invalidTask'), issueErrors(merged.error.issues));
        },
      },
    );
    wf.setHandler(
      publishCompetitionTask,
      async ({ actor }) => {
        publishRequest = actor;
        await wf.condition(() => status !== 'draft' && rec.recorded());
        return { id: workflowId, status };
      },
      {
        validator: ({ actor }) => {
          if (!isCenter(actor)) throw refuse('forbidden', say('onlyCenterPublishes'));
          if (status !== 'draft' || publishRequest) throw refuse('conflict', say('alreadyPublished'));
          if (Date.parse(task.bidDeadline) <= Date.now())
            throw refuse('validation', say('bidDeadlineHasPassed'), {
              bidDeadline: say('bidDeadlineHasPassed'),
            });
        },
      },
    );
    const ownBid = (a: Actor) =>
      bids.findIndex((b) => b.subCenter.organizationId !== null && b.subCenter.organizationId === a.organizationId);
    wf.setHandler(
      withdrawBid,
      async ({ actor, comment }) => {
        const [bid] = bids.splice(ownBid(actor), 1);
        bid!.status = 'withdrawn';
        await rec.commit(
          {
            actor: actorRef(actor),
            action: 'competition.bid_withdrawn',
            comment: comment || '揭榜方案已撤回',
            data: { bidId: bid!.id },
          },
          { extraProjections: [bidProjection(bid!)] },
        );
        return { id: workflowId, status };
      },
      {
        validator: ({ actor }) => {
          if (status !== 'open' || Date.now() > Date.parse(task.bidDeadline))
            throw refuse('conflict', '揭榜已截止，不能撤回揭榜方案');
          if (ownBid(actor) < 0) throw refuse('conflict', '没有可撤回的揭榜方案');
        },
      },
    );
    wf.setHandler(
      submitBid,
      async ({ actor, subCenter, bid }) => {
        const entry: Bid = {
          ...bid,
          id: wf.uuid4(),
          subCenter: {
            id: subCenter.id,
            name: subCenter.name,
            organizationId: subCenter.organizationId,
            city: subCenter.city,
            system: subCenter.system,
            category: subCenter.category,
          },
          submittedBy: actor.displayName,
          submittedAt: workflowNow(),
          scores: [],
          score: 0,
          status: 'submitted',
          agreement: null,
          acceptance: null,
          payoutId: null,
          version: 0,
        };
        bids.push(entry);
        await rec.commit(
          {
            actor: actorRef(actor),
            action: 'competition.bid_submitted',
            data: { bidId: entry.id, subCenter: subCenter.name, requestedAmount: bid.requestedAmount },
          },
          { extraProjections: [bidProjection(entry)] },
        );
        return entry;
      },
      {
        validator: ({ subCenter, bid }) => {
          if (status !== 'open' || Date.now() > Date.parse(task.bidDeadline))
            throw refuse('conflict', say('biddingIsNotOpenLate'));
          if (subCenter.status !== 'active') throw refuse('forbidden', say('revokedSubCenterCannotBid'));
          if (!isEligible(task, subCenter)) throw refuse('forbidden', say('notEligibleForThisTask'));
          if (bids.some((b) => b.subCenter.id === subCenter.id)) throw refuse('conflict', say('oneBidPerSubCenter'));
          overBudget(bid.requestedAmount, '');
        },
      },
    );
  }
}
