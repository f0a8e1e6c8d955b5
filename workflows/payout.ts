/**
 * Post-subsidy payout (财政后补助 / 特定任务后补助): a finance officer approves, then the payment
 * instruction is written exactly once, keyed by this workflow's ID (payout-<source>-<id>), and
 * never past the budget. Shared by evaluation grades and open-competition acceptance.
 */
import type { SubCenterRef } from '../activities/index.js';
import type { StepConfig } from '../domain/approval.js';
import { payoutCase } from './payoutCase.js';

export type PayoutStatus = 'pending_approval' | 'under_review' | 'approved' | 'paid' | 'rejected' | 'refused_budget';
export interface PayoutInput {
  source: 'evaluation' | 'competition';
  sourceId: string;
  subCenter: Pick<SubCenterRef, 'id' | 'name' | 'organizationId' | 'city'>;
  year: number;
  /** CNY, whole yuan. */
  amount: number;
  reason: string;
  budgetKey: string;
  budget: number;
  approvalWorkingDays: number;
  /** The approval step's configuration (absent in payouts started before the approval engine). */
  step?: StepConfig;
}

export const payoutWorkflowId = (source: string, sourceId: string) => `payout-${source}-${sourceId}`;
export async function payout(input: PayoutInput): Promise<PayoutStatus> {
  const p = payoutCase(input);
  // finance checks it (财务审核); a return (退回) sends it to the Provincial Center, which confirms
  // it (finance checks again) or withdraws it
  let outcome = await p.requested();
  while (outcome.decision.decision === 'return') {
    const reviewed = await p.reviewByCenter(outcome);
    if (reviewed.decision.decision !== 'approve') {
      outcome = reviewed;
      break;
    }
    outcome = await p.confirmed(reviewed);
  }
  return p.decided(outcome);
}
