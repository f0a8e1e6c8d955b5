/**
 * What an evaluation's grade sets going (workflows/evaluationCase.ts): a failed grade starts the
 * sub-center's revocation, a grade that earns a post-subsidy starts its payout, each a process of
 * its own that outlives the evaluation.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import { evaluationSteps } from '../domain/evaluation.js';
import { type CaseRecorder, SYSTEM_ACTOR } from './caseRecorder.js';
import {
  type EvaluationInput,
  type EvaluationStatus,
  type GradeNotice,
  REVOCATION_RUNNING_PATCH,
} from './evaluationUpdates.js';
import { payout, payoutWorkflowId } from './payout.js';
import { revocation, revocationWorkflowId } from './revocation.js';
import { since } from './versions.js';

/** 不合格: the sub-center's revocation, unless one is already under way (the grade joins its record). */
export async function revocationForGrade(input: EvaluationInput, g: GradeNotice, rec: CaseRecorder<EvaluationStatus>) {
  const { workflowId } = wf.workflowInfo();
  const { subCenter: sc, rules } = input;
  const steps = evaluationSteps(rules);
  try {
    await wf.startChild(revocation, {
      workflowId: revocationWorkflowId(sc.id),
      parentClosePolicy: 'ABANDON',
      args: [
        {
          subCenter: sc,
          trigger: 'grade',
          reason: `${input.year} 年度绩效评价不合格${g.eliminated ? '（末位淘汰）' : ''}`,
          requestedBy: SYSTEM_ACTOR,
          statementWorkingDays: rules.workingDays.statement,
          decisionWorkingDays: rules.workingDays.revocationDecision,
          evaluationId: workflowId,
          steps: { statement: steps.statement, revocation_decision: steps.revocation_decision },
          noticePeriod: rules.revocationNoticePeriod,
        },
      ],
    });
  } catch (err) {
    // a revocation of this sub-center is already under way (a violation came first): the
    // failed grade joins it on the record instead of failing this evaluation
    if (!(err instanceof WorkflowExecutionAlreadyStartedError) || !since(REVOCATION_RUNNING_PATCH)) throw err;
    await rec.commit({
      actor: SYSTEM_ACTOR,
      action: 'evaluation.revocation_already_running',
      data: { revocationId: revocationWorkflowId(sc.id) },
    });
  }
}

/** 优秀 or 良好 of a tech-service sub-center: the post-subsidy it earns. */
export async function payoutForGrade(input: EvaluationInput, g: GradeNotice) {
  const { workflowId } = wf.workflowInfo();
  const { subCenter: sc, rules } = input;
  const steps = evaluationSteps(rules);
  await wf.startChild(payout, {
    workflowId: payoutWorkflowId('evaluation', workflowId),
    parentClosePolicy: 'ABANDON',
    args: [
      {
        source: 'evaluation',
        sourceId: workflowId,
        subCenter: sc,
        year: input.year,
        amount: g.subsidy,
        reason: `${input.year} 年度绩效评价 ${g.grade === 'excellent' ? '优秀' : '良好'}`,
        budgetKey: g.budgetKey,
        budget: rules.subsidy.annualBudget,
        approvalWorkingDays: rules.workingDays.payoutApproval,
        step: steps.payout_approval,
      },
    ],
  });
}
