/** Drafting, publishing and bidding (workflows/competitionCase.ts): the Updates of the Provincial Center and the sub-centers. */

import * as wf from '@temporalio/workflow';
import { CompetitionTaskInput, isEligible } from '../domain/competition.js';
import { issueErrors } from '../domain/issueWords.js';
import { say } from '../domain/messages.js';
import type { Actor } from '../domain/roles.js';
import { refuse } from './approvalEngine.js';
import { actorRef, workflowNow } from './caseRecorder.js';
import type { CompetitionContext } from './competitionUpdates.js';
import {
  type Bid,
  competitionCreated,
  editCompetitionTask,
  publishCompetitionTask,
  submitBid,
  withdrawBid,
} from './competitionUpdates.js';

/** Installs the draft's and the bids' Updates on the competition `c`. */
export function installDraftUpdates(c: CompetitionContext) {
  wf.setHandler(competitionCreated, async () => {
    await wf.condition(() => c.state.ready && c.rec.recorded());
    return { id: c.workflowId, status: c.state.status };
  });
  const isCenter = (a: Actor) => a.roles.includes('provincial_reviewer') || a.roles.includes('admin');
  wf.setHandler(
    editCompetitionTask,
    async ({ actor, changes }) => {
      c.state.task = { ...c.state.task, ...changes };
      await c.rec.commit({
        actor: actorRef(actor),
        action: 'competition.edited',
        data: { fields: Object.keys(changes) },
      });
      return { id: c.workflowId, status: c.state.status };
    },
    {
      validator: ({ actor, changes }) => {
        if (!isCenter(actor)) throw refuse('forbidden', say('onlyCenterEdits'));
        if (c.state.status !== 'draft') throw refuse('conflict', say('publishedTasksCannotChange'));
        const merged = CompetitionTaskInput.safeParse({ ...c.state.task, ...changes });
        if (!merged.success) throw refuse('validation', say('invalidTask'), issueErrors(merged.error.issues));
      },
    },
  );
  wf.setHandler(
    publishCompetitionTask,
    async ({ actor }) => {
      c.state.publishRequest = actor;
      await wf.condition(() => c.state.status !== 'draft' && c.rec.recorded());
      return { id: c.workflowId, status: c.state.status };
    },
    {
      validator: ({ actor }) => {
        if (!isCenter(actor)) throw refuse('forbidden', say('onlyCenterPublishes'));
        if (c.state.status !== 'draft' || c.state.publishRequest) throw refuse('conflict', say('alreadyPublished'));
        if (Date.parse(c.state.task.bidDeadline) <= Date.now())
          throw refuse('validation', say('bidDeadlineHasPassed'), {
            bidDeadline: say('bidDeadlineHasPassed'),
          });
      },
    },
  );
  const ownBid = (a: Actor) =>
    c.bids.findIndex((b) => b.subCenter.organizationId !== null && b.subCenter.organizationId === a.organizationId);
  wf.setHandler(
    withdrawBid,
    async ({ actor, comment }) => {
      const [bid] = c.bids.splice(ownBid(actor), 1);
      bid!.status = 'withdrawn';
      await c.rec.commit(
        {
          actor: actorRef(actor),
          action: 'competition.bid_withdrawn',
          comment: comment || say('bidWithdrawn'),
          data: { bidId: bid!.id },
        },
        { extraProjections: [c.bidProjection(bid!)] },
      );
      return { id: c.workflowId, status: c.state.status };
    },
    {
      validator: ({ actor }) => {
        if (c.state.status !== 'open' || Date.now() > Date.parse(c.state.task.bidDeadline))
          throw refuse('conflict', say('biddingClosedNoWithdrawal'));
        if (ownBid(actor) < 0) throw refuse('conflict', say('noBidToWithdraw'));
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
      c.bids.push(entry);
      await c.rec.commit(
        {
          actor: actorRef(actor),
          action: 'competition.bid_submitted',
          data: { bidId: entry.id, subCenter: subCenter.name, requestedAmount: bid.requestedAmount },
        },
        { extraProjections: [c.bidProjection(entry)] },
      );
      return entry;
    },
    {
      validator: ({ subCenter, bid }) => {
        if (c.state.status !== 'open' || Date.now() > Date.parse(c.state.task.bidDeadline))
          throw refuse('conflict', say('biddingIsNotOpenLate'));
        if (subCenter.status !== 'active') throw refuse('forbidden', say('revokedSubCenterCannotBid'));
        if (!isEligible(c.state.task, subCenter)) throw refuse('forbidden', say('notEligibleForThisTask'));
        if (c.bids.some((b) => b.subCenter.id === subCenter.id)) throw refuse('conflict', say('oneBidPerSubCenter'));
        c.overBudget(bid.requestedAmount, '');
      },
    },
  );
}
