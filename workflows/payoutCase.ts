/**
 * The state and steps of one payout (workflows/payout.ts runs them in order): its record, the
 * finance check, the Provincial Center's review of a payout finance sent back, and the payment.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { PaymentRequest } from '../activities/payments.js';
import { forecastStep, step } from '../domain/approval.js';
import { withIncidents } from './activities.js';
import { type ApprovalEngine, auditActor, type StepOutcome } from './approvalEngine.js';
import { caseEngine } from './caseEngine.js';
import { CaseRecorder, projectionOf, SYSTEM_ACTOR } from './caseRecorder.js';
import type { PayoutInput, PayoutStatus } from './payout.js';

const payments = wf.proxyActivities<Activities>({
  // one short transaction: a worker that died mid-payment is noticed (and the payment retried) soon
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    maximumAttempts: 12,
    nonRetryableErrorTypes: ['BudgetExceeded'],
  },
});
/** Written exactly once; a payment that cannot be written is an incident, a budget refusal an outcome. */
const issuePaymentInstruction = (req: PaymentRequest) =>
  withIncidents(
    'issuePaymentInstruction',
    { caseType: 'payout', caseId: req.payoutId },
    () => payments.issuePaymentInstruction(req),
    ['BudgetExceeded'],
  );

type Decided = Extract<StepOutcome, { kind: 'decided' }>;

/** A payout's state and its steps, for workflows/payout.ts to run. */
export function payoutCase(input: PayoutInput) {
  const { workflowId } = wf.workflowInfo();
  const config = input.step ?? step('finance', input.approvalWorkingDays);
  let status: PayoutStatus = 'pending_approval';
  let decidedBy: string | null = null;
  let paidAt: string | null = null;
  let comment: string | null = null;
  const rec = new CaseRecorder<PayoutStatus>('payout', workflowId, () => ({
    status,
    write: projectionOf(
      'payouts',
      workflowId,
      status,
      {
        source: input.source,
        source_id: input.sourceId,
        sub_center_id: input.subCenter.id,
        sub_center_name: input.subCenter.name,
        organization_id: input.subCenter.organizationId,
        year: input.year,
        amount: input.amount,
      },
      {
        source: input.source,
        sourceId: input.sourceId,
        subCenter: input.subCenter,
        year: input.year,
        amount: input.amount,
        currency: 'CNY',
        reason: input.reason,
        budgetKey: input.budgetKey,
        decidedBy,
        comment,
        paidAt,
      },
    ),
  }));
  // 退回: finance sends the payout back to the Provincial Center, which confirms it (back to finance) or withdraws it
  const review = step('provincial_reviewer', input.approvalWorkingDays);
  const engine: ApprovalEngine = caseEngine({
    snapshot: () => ({ id: workflowId, status, amount: input.amount }),
    record: rec.record,
    decisions: (task) => (task.step === 'payout_approval' ? ['approve', 'reject', 'return'] : ['approve', 'reject']),
    returnTargets: () => ['payout_review'],
    isParty: (a) => a.organizationId !== null && a.organizationId === input.subCenter.organizationId,
    validateDecision: () => {},
    forecast: () =>
      status === 'pending_approval'
        ? [forecastStep('payout_approval', config, null, engine.openTasks()[0]?.dueAt)]
        : status === 'under_review'
          ? [
              forecastStep('payout_review', review, null, engine.openTasks()[0]?.dueAt),
              forecastStep('payout_approval', config, null),
            ]
          : [],
  });
  const title = `${input.subCenter.name} · ¥${input.amount.toLocaleString('zh-CN')}`;

  return {
    /** Requested: the finance check opens. */
    requested: () =>
      financeCheck(
        { actor: SYSTEM_ACTOR, action: 'payout.requested', data: { amount: input.amount, reason: input.reason } },
        [],
      ),
    reviewByCenter,
    /** Confirmed by the Provincial Center: finance checks again. */
    confirmed: (reviewed: Decided) => {
      status = 'pending_approval';
      return financeCheck(
        {
          actor: auditActor(reviewed.actor, reviewed.by),
          action: 'payout.confirmed',
          comment: reviewed.decision.comment,
        },
        reviewed.closing,
        reviewed,
      );
    },
    decided,
  };

  /** 退回 to the Provincial Center (拨付复核): it confirms the payout or withdraws it. */
  async function reviewByCenter(back: Decided): Promise<Decided> {
    status = 'under_review';
    const opened = await engine.open({ step: 'payout_review', title, config: review, city: null });
    await rec.commit(
      { actor: auditActor(back.actor, back.by), action: 'payout.returned', comment: back.decision.comment },
      {
        closeTasks: back.closing,
        openTasks: opened.toOpen,
        notify: [
          rec.notify(
            { role: 'provincial_reviewer' },
            'task.opened',
            `后补助被财务退回: ${title} — ${back.decision.comment}`,
          ),
        ],
      },
    );
    engine.finish(back);
    const reviewed = await engine.outcome(opened.run);
    if (reviewed.kind !== 'decided') throw wf.ApplicationFailure.nonRetryable('payout review ended without a decision');
    return reviewed;
  }

  /** Approved (then paid, within the budget), refused by finance, or withdrawn by the Provincial Center. */
  async function decided(outcome: Decided): Promise<PayoutStatus> {
    const d = outcome.decision;
    decidedBy = outcome.actor.displayName;
    comment = d.comment;
    const actor = auditActor(outcome.actor, outcome.by);
    if (d.decision === 'reject') {
      status = 'rejected';
      // refused by finance, or withdrawn by the Provincial Center after finance sent it back
      const action = outcome.task.step === 'payout_review' ? 'payout.withdrawn' : 'payout.rejected';
      await rec.commit({ actor, action, comment: d.comment }, { closeTasks: outcome.closing });
    } else {
      status = 'approved';
      await rec.commit({ actor, action: 'payout.approved', comment: d.comment }, { closeTasks: outcome.closing });
      await pay();
    }
    engine.finish(outcome);
    await wf.condition(wf.allHandlersFinished);
    return status;
  }

  /** The finance check (财务审核), opened with the change that leads to it; its decided outcome. */
  async function financeCheck(
    audit: Parameters<typeof rec.commit>[0],
    closeTasks: StepOutcome['closing'],
    before?: StepOutcome,
  ): Promise<Extract<StepOutcome, { kind: 'decided' }>> {
    const { run, toOpen } = await engine.open({ step: 'payout_approval', title, config, city: null });
    await rec.commit(audit, {
      closeTasks,
      openTasks: toOpen,
      notify: [
        rec.notify({ role: 'finance' }, 'task.opened', `后补助待审批: ${input.subCenter.name} ¥${input.amount}`),
      ],
    });
    if (before) engine.finish(before);
    const decided = await engine.outcome(run);
    if (decided.kind !== 'decided')
      throw wf.ApplicationFailure.nonRetryable('payout approval ended without a decision');
    return decided;
  }

  /** The payment instruction, once, within the budget. */
  async function pay() {
    try {
      const paid = await issuePaymentInstruction({
        payoutId: workflowId,
        budgetKey: input.budgetKey,
        budget: input.budget,
        subCenterId: input.subCenter.id,
        amount: input.amount,
      });
      status = 'paid';
      paidAt = paid.createdAt;
      await rec.commit(
        { actor: SYSTEM_ACTOR, action: 'payout.paid', data: { amount: paid.amount } },
        {
          notify: [
            rec.notify(
              { role: 'applicant', organizationId: input.subCenter.organizationId },
              'payout.paid',
              `${input.subCenter.name}: 后补助 ¥${paid.amount} 已拨付`,
            ),
          ],
        },
      );
    } catch (err) {
      if (
        !(
          err instanceof wf.ActivityFailure &&
          err.cause instanceof wf.ApplicationFailure &&
          err.cause.type === 'BudgetExceeded'
        )
      )
        throw err;
      status = 'refused_budget';
      await rec.commit({ actor: SYSTEM_ACTOR, action: 'payout.refused_budget', comment: err.cause.message });
    }
  }
}
