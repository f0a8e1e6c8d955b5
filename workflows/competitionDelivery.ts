/**
 * A won competition task carried out (workflows/competitionCase.ts): each winner's agreement, its
 * milestone reports and their reviews (with the winner's 撤回), the final acceptance (验收) and the
 * payout it earns.
 */

import * as wf from '@temporalio/workflow';
import type { TaskClosing } from '../activities/caseChanges.js';
import { APPLICANT_STEP } from '../domain/approval.js';
import { Acceptance, acceptancePayout, type CompetitionStep, MilestoneReport } from '../domain/competition.js';
import { say } from '../domain/messages.js';
import { db } from './activities.js';
import { auditActor, type StepOutcome } from './approvalEngine.js';
import { actorRef, SYSTEM_ACTOR, workflowNow } from './caseRecorder.js';
import type { Bid, CompetitionContext } from './competitionUpdates.js';
import { payout, payoutWorkflowId } from './payout.js';
import type { RecallRequest } from './recall.js';

/** A step's closing rows with the decision its outcome stands for. */
export function closed(o: Extract<StepOutcome, { kind: 'decided' }>, decision: string) {
  return o.closing.map((t) => (t.status === 'done' ? { ...t, decision } : t));
}

/** The delivery of the competition `c`'s winners. */
export function delivery(c: CompetitionContext) {
  return { carryOut };

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
    const own = 'role' in c.steps[name].reviewers && c.steps[name].reviewers.role === 'applicant';
    const { run, toOpen } = await c.engine.open({
      step: name,
      title,
      config: c.steps[name],
      city: null,
      organizationId: own ? bid.subCenter.organizationId : null,
      // the winner urges the review of its own milestones and acceptance, no other bidder
      party: bid.subCenter.organizationId,
      dueAt: more.dueAt,
      expireAtDue: more.expireAtDue,
      abandon: more.abandon,
    });
    await c.rec.commit(
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

  /** A winner's agreement, milestone reports and final acceptance, then its payout. */
  async function carryOut(bid: Bid) {
    const dues = await db().computeDeadlines(
      workflowNow(),
      c.state.task.milestones.map((m) => m.workingDays),
    );
    bid.agreement = {
      signedAt: workflowNow(),
      milestones: c.state.task.milestones.map((m, i) => ({
        title: m.title,
        dueAt: dues[i]!,
        status: 'pending',
        report: null,
      })),
    };
    await c.rec.commit(
      {
        actor: SYSTEM_ACTOR,
        action: 'competition.agreement_signed',
        data: { bidId: bid.id, milestones: bid.agreement.milestones.length },
      },
      { extraProjections: [c.bidProjection(bid)] },
    );
    const title = `${c.state.task.title} · ${bid.subCenter.name}`;
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
        if (back) c.recall.done(party);
        else reportDue = report.dueAt;
        const o = await c.engine.outcome(report.run);
        if (o.kind === 'decided') {
          const r = MilestoneReport.parse(o.decision.payload);
          milestone.report = r.progress;
          milestone.status = 'reported';
          filed = true;
          await c.rec.commit(
            {
              actor: auditActor(o.actor, o.by),
              action: 'competition.milestone_reported',
              comment: r.progress,
              data: { bidId: bid.id, milestone: milestone.title },
            },
            { closeTasks: closed(o, 'approve'), extraProjections: [c.bidProjection(bid)] },
          );
        } else if (back) {
          milestone.status = 'reported';
          await c.rec.commit(
            {
              actor: SYSTEM_ACTOR,
              action: 'competition.recalled_report_stands',
              comment: say('notFiledAgainInTime'),
              data: { bidId: bid.id, milestone: milestone.title },
            },
            { closeTasks: o.closing },
          );
        }
        c.engine.finish(o);
        if (o.kind !== 'decided' && !back) continue;
      }
      const review = await bidStep(
        bid,
        'milestone_review',
        `${title} · ${milestone.title}`,
        'competition.milestone_review_opened',
        {},
        { abandon: () => c.recall.asked(party) },
      );
      if (filed) c.recall.offer(review.run, reportDue, party);
      const reviewed = await c.engine.outcome(review.run);
      if (reviewed.kind !== 'decided') {
        const r = c.recall.take(party);
        if (!r) continue;
        c.engine.finish(reviewed);
        recalled = { ...r, closing: reviewed.closing };
        continue;
      }
      const accepted = reviewed.decision.decision === 'approve';
      milestone.status = accepted ? 'accepted' : 'pending';
      await c.rec.commit(
        {
          actor: auditActor(reviewed.actor, reviewed.by),
          action: accepted ? 'competition.milestone_accepted' : 'competition.milestone_returned',
          comment: reviewed.decision.comment,
          data: { bidId: bid.id, milestone: milestone.title },
        },
        { closeTasks: reviewed.closing, extraProjections: [c.bidProjection(bid)] },
      );
      c.engine.finish(reviewed);
      if (accepted) return;
    }
  }

  /**
   * 验收: passed (100 %), passed with conditions (80 %) or failed; an accepted task earns its payout.
   * A return (退回) names the step it goes back to.
   */
  async function acceptance(bid: Bid, title: string): Promise<string | null> {
    const judged = await c.engine.outcome(
      (await bidStep(bid, 'acceptance', title, 'competition.acceptance_opened', {})).run,
    );
    if (judged.kind !== 'decided') throw wf.ApplicationFailure.nonRetryable('acceptance ended without a decision');
    if (judged.decision.decision === 'return') {
      const to = judged.decision.toStep ?? APPLICANT_STEP;
      await c.rec.commit(
        {
          actor: auditActor(judged.actor, judged.by),
          action: 'competition.acceptance_returned',
          comment: judged.decision.comment,
          data: { bidId: bid.id, toStep: to },
        },
        { closeTasks: judged.closing, extraProjections: [c.bidProjection(bid)] },
      );
      c.engine.finish(judged);
      return to;
    }
    const { result } = Acceptance.parse(judged.decision.payload);
    bid.acceptance = { result, comment: judged.decision.comment, by: judged.actor.displayName };
    bid.status = result === 'failed' ? 'failed' : 'accepted';
    const amount = acceptancePayout(bid.requestedAmount, result);
    if (amount > 0) bid.payoutId = payoutWorkflowId('competition', bid.id);
    await c.rec.commit(
      {
        actor: auditActor(judged.actor, judged.by),
        action: `competition.acceptance_${result}`,
        comment: judged.decision.comment,
        data: { bidId: bid.id, payout: amount },
      },
      { closeTasks: closed(judged, result), extraProjections: [c.bidProjection(bid)] },
    );
    c.engine.finish(judged);
    if (amount > 0)
      await wf.startChild(payout, {
        workflowId: bid.payoutId!,
        parentClosePolicy: 'ABANDON',
        args: [
          {
            source: 'competition',
            sourceId: bid.id,
            subCenter: bid.subCenter,
            year: c.state.task.year,
            amount,
            reason: `揭榜挂帅 ${c.state.task.title} 验收${result === 'passed' ? '通过' : '有条件通过'}`,
            budgetKey: c.workflowId,
            budget: c.state.task.budget,
            approvalWorkingDays: c.steps.payout_approval.workingDays,
            step: c.steps.payout_approval,
          },
        ],
      });
    return null;
  }
}
