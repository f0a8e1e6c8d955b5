/**
 * Expert scoring of a competition's bids (workflows/competitionCase.ts): a 会签 panel per bid, each
 * score recorded as it comes; a bid sent back to its bidder (退回) is revised and scored afresh.
 */

import { BidInput, bidScore, bidScoring } from '../domain/competition.js';
import { say } from '../domain/messages.js';
import { auditActor, type StepRun } from './approvalEngine.js';
import { SYSTEM_ACTOR } from './caseRecorder.js';
import { closed } from './competitionDelivery.js';
import type { Bid, CompetitionContext, Decided } from './competitionUpdates.js';

/** The scoring step of the competition `c`. */
export function expertPanels(c: CompetitionContext) {
  return { expertScoring };

  /** A 会签 panel scores each bid; the bid's score is the panel's mean. Sent back by the award, it scores afresh. */
  async function expertScoring(back: Decided | null) {
    c.state.status = 'expert_review';
    if (back) for (const bid of c.bids) unscored(bid);
    const panels = [];
    for (const bid of c.bids) panels.push(await panel(bid));
    await c.rec.commit(
      back
        ? {
            actor: auditActor(back.actor, back.by),
            action: 'competition.returned_for_scoring',
            comment: back.decision.comment,
            data: { bids: c.bids.length },
          }
        : { actor: SYSTEM_ACTOR, action: 'competition.bidding_closed', data: { bids: c.bids.length } },
      {
        openTasks: panels.flatMap((p) => p.toOpen),
        closeTasks: back?.closing,
        extraProjections: back ? c.bids.map(c.bidProjection) : undefined,
      },
    );
    if (back) c.engine.finish(back);
    await Promise.all(panels.map((p, i) => scored(c.bids[i]!, p.run)));
  }
  function unscored(bid: Bid) {
    bid.scores = [];
    bid.score = 0;
  }
  /** One bid's panel of experts. */
  function panel(bid: Bid) {
    return c.engine.open({
      step: 'bid_scoring',
      title: `${c.state.task.title} · ${bid.subCenter.name}`,
      config: c.steps.bid_scoring,
      city: null,
      conflict: { city: bid.subCenter.city, organizationId: bid.subCenter.organizationId },
      // the bidder urges the scoring of its own bid, not of the others'
      party: bid.subCenter.organizationId,
      onVote: async (vote, close) => {
        if (vote.decision.decision === 'return') {
          c.returning.set(bid.id, close);
          return;
        }
        bid.scores.push({ ...bidScoring(c.criteria).parse(vote.decision.payload), expert: vote.actor.displayName });
        bid.score = bidScore(bid.scores, c.criteria);
        await c.rec.commit(
          {
            actor: auditActor(vote.actor, vote.by),
            action: 'competition.bid_scored',
            comment: vote.decision.comment,
            data: { bidId: bid.id },
          },
          { closeTasks: [close], extraProjections: [c.bidProjection(bid)] },
        );
      },
    });
  }

  /** A bid's panel to its end: sent back to the bidder (退回), the bid is revised and scored afresh. */
  async function scored(bid: Bid, run: StepRun) {
    for (;;) {
      const o = await c.engine.outcome(run);
      if (o.kind !== 'decided' || o.decision.decision !== 'return') return c.engine.finish(o);
      run = await revised(bid, o);
    }
  }

  /**
   * 修改揭榜方案: the bidder revises its plan, team or amount within the step's working days; if it
   * does not, the bid stands as filed. Either way a new panel scores it.
   */
  async function revised(bid: Bid, returned: Decided): Promise<StepRun> {
    const revision = await c.engine.open({
      step: 'bid_revision',
      title: `${c.state.task.title} · ${bid.subCenter.name}`,
      config: c.steps.bid_revision,
      city: null,
      organizationId: bid.subCenter.organizationId,
      party: bid.subCenter.organizationId,
      expireAtDue: true,
    });
    unscored(bid);
    await c.rec.commit(
      {
        actor: auditActor(returned.actor, returned.by),
        action: 'competition.bid_returned',
        comment: returned.decision.comment,
        data: { bidId: bid.id },
      },
      {
        closeTasks: [c.returning.get(bid.id)!, ...returned.closing],
        openTasks: revision.toOpen,
        extraProjections: [c.bidProjection(bid)],
      },
    );
    c.engine.finish(returned);
    const o = await c.engine.outcome(revision.run);
    if (o.kind === 'decided') Object.assign(bid, BidInput.parse(o.decision.payload));
    const next = await panel(bid);
    await c.rec.commit(
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
        extraProjections: [c.bidProjection(bid)],
      },
    );
    c.engine.finish(o);
    return next.run;
  }
}
