/**
 * Post-subsidy payout (财政后补助 / 特定任务后补助): a finance officer approves, then the payment
 * instruction is written exactly once, keyed by this workflow's ID (payout-<source>-<id>), and
 * never past the budget. Shared by evaluation grades and open-competition acceptance.
 */
import * as wf from '@temporalio/workflow';
import type { Activities, SubCenterRef } from '../activities/index.js';
import type { Actor } from '../domain/roles.js';
import { refuse, TaskBoard } from './humanTask.js';
import { actorRef, CaseRecorder, closing, SYSTEM_ACTOR } from './caseRecorder.js';

const { issuePaymentInstruction } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: ['BudgetExceeded'] },
});

export type PayoutStatus = 'pending_approval' | 'approved' | 'paid' | 'rejected' | 'refused_budget';
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
}

export const payoutWorkflowId = (source: string, sourceId: string) => `payout-${source}-${sourceId}`;

export async function payout(input: PayoutInput): Promise<PayoutStatus> {
  const { workflowId } = wf.workflowInfo();
  let status: PayoutStatus = 'pending_approval';
  let decidedBy: string | null = null;
  let paidAt: string | null = null;
  let comment: string | null = null;
  const rec = new CaseRecorder<PayoutStatus>('payout', workflowId, 'payouts', () => ({
    status,
    columns: { source: input.source, source_id: input.sourceId, sub_center_id: input.subCenter.id, sub_center_name: input.subCenter.name, organization_id: input.subCenter.organizationId, year: input.year, amount: input.amount },
    body: { source: input.source, sourceId: input.sourceId, subCenter: input.subCenter, year: input.year, amount: input.amount, currency: 'CNY', reason: input.reason, budgetKey: input.budgetKey, decidedBy, comment, paidAt },
  }));
  const board: TaskBoard<unknown> = new TaskBoard<unknown>({
    snapshot: () => ({ id: workflowId, status, amount: input.amount }),
    record: rec.taskHook(() => board),
    validateDecision: (_task, { decision: d }) => {
      if (d.decision !== 'approve' && d.decision !== 'reject') throw refuse('validation', '请选择同意或不同意 (approve or reject)', { decision: 'approve | reject' });
    },
  });
  board.install();

  const task = await rec.openTask(board, { step: 'payout_approval', title: `${input.subCenter.name} · ¥${input.amount.toLocaleString('zh-CN')}`, role: 'finance', workingDays: input.approvalWorkingDays });
  await rec.commit({ actor: SYSTEM_ACTOR, action: 'payout.requested', data: { amount: input.amount, reason: input.reason } }, {
    openTasks: [task], notify: [rec.notify({ role: 'finance' }, 'task.opened', `后补助待审批: ${input.subCenter.name} ¥${input.amount}`)],
  });
  const outcome = await board.waitForDecision(board.tasks.get(task.id)!);
  if (outcome.kind !== 'decided') throw wf.ApplicationFailure.nonRetryable('payout approval ended without a decision');
  const { actor, decision: d } = outcome as { actor: Actor; decision: { decision: string; comment: string } };
  decidedBy = actor.displayName;
  comment = d.comment;
  const close = [closing(task.id, 'done', { actor, decision: d.decision, comment: d.comment })];
  if (d.decision === 'reject') {
    status = 'rejected';
    await rec.commit({ actor: actorRef(actor), action: 'payout.rejected', comment: d.comment }, { closeTasks: close });
  } else {
    status = 'approved';
    await rec.commit({ actor: actorRef(actor), action: 'payout.approved', comment: d.comment }, { closeTasks: close });
    try {
      const paid = await issuePaymentInstruction({ payoutId: workflowId, budgetKey: input.budgetKey, budget: input.budget, subCenterId: input.subCenter.id, amount: input.amount });
      status = 'paid';
      paidAt = paid.createdAt;
      await rec.commit({ actor: SYSTEM_ACTOR, action: 'payout.paid', data: { amount: paid.amount } }, {
        notify: [rec.notify({ role: 'applicant', city: null }, 'payout.paid', `${input.subCenter.name}: 后补助 ¥${paid.amount} 已拨付`)],
      });
    } catch (err) {
      if (!(err instanceof wf.ActivityFailure && err.cause instanceof wf.ApplicationFailure && err.cause.type === 'BudgetExceeded')) throw err;
      status = 'refused_budget';
      await rec.commit({ actor: SYSTEM_ACTOR, action: 'payout.refused_budget', comment: err.cause.message });
    }
  }
  board.settle(board.tasks.get(task.id)!);
  await wf.condition(wf.allHandlersFinished);
  return status;
}
