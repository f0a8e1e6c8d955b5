/**
 * What the round, the API and the tests speak to one sub-center's evaluation with: its statuses,
 * input and id, and the signals between it and its round (my score, your grade). The evaluation
 * is workflows/evaluation.ts; its state and steps, workflows/evaluationCase.ts.
 */
import * as wf from '@temporalio/workflow';
import type { SubCenterRef } from '../activities/index.js';
import type { EvaluationRules, Grade, Scored } from '../domain/evaluation.js';

export type EvaluationStatus =
  | 'self_report'
  | 'written_review'
  | 'correction'
  | 'expert_scoring'
  | 'onsite'
  | 'scored'
  | 'rectification'
  | 'closed';
export interface EvaluationInput {
  roundId: string;
  year: number;
  subCenter: SubCenterRef;
  rules: EvaluationRules;
  ruleVersion: number;
}
export interface GradeNotice {
  grade: Grade;
  rank: number;
  eliminated: boolean;
  subsidy: number;
  budgetKey: string;
}

/** Versioning: a failed grade meeting a revocation already under way records it (v5) instead of failing. */
export const REVOCATION_RUNNING_PATCH = 'revocation-already-running-1';

export const evaluationWorkflowId = (subCenterId: string, year: number) => `evaluation-${subCenterId}-${year}`;
/** Child → round: my score. */
export const evaluationScored = wf.defineSignal<[Scored]>('evaluationScored');
/** Round → child: your grade. */
export const gradeAssigned = wf.defineSignal<[GradeNotice]>('gradeAssigned');
