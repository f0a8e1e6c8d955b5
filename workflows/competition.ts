/**
 * One key task of the year's open competition (揭榜挂帅), DOMAIN §6: drafted and published by the
 * Provincial Center; eligible sub-centers bid until the deadline (a durable timer closes the
 * window); a 会签 panel of experts scores each bid (declaring conflicts); the center awards up to
 * the task's number of winners (or none); each winner gets a task agreement (任务书) with
 * milestones, files milestone reports (overdue ones escalate), and passes a final acceptance (验收)
 * that earns its post-subsidy through workflows/payout.ts.
 */

import { competitionCase } from './competitionCase.js';
import type { CompetitionInput, CompetitionStatus, Decided } from './competitionUpdates.js';

export * from './competitionUpdates.js';

export async function competition(input: CompetitionInput): Promise<CompetitionStatus> {
  const task = competitionCase(input);
  await task.drafted();
  // published, then open for bids until the deadline
  await task.publication();
  await task.biddingWindow();
  if (task.bids.length === 0) return task.closeUnawarded();
  // a panel scores each bid; the award may send them back to it (退回)
  for (let back: Decided | null = null; ; ) {
    await task.expertScoring(back);
    back = await task.awardStep();
    if (!back) break;
  }
  // each winner's agreement, milestones, acceptance and payout, side by side
  await Promise.all(task.winners().map(task.carryOut));
  return task.end();
}
