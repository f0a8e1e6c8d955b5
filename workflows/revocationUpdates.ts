/**
 * What the API and the tests speak to a revocation (撤销资质) with: its statuses, its input and
 * id, the statement's form, and the Update that answers once a new case is readable. The process
 * is workflows/revocation.ts; its state and steps, workflows/revocationCase.ts.
 */
import * as wf from '@temporalio/workflow';
import { z } from 'zod';
import type { SubCenterRef } from '../activities/index.js';
import type { StepConfig } from '../domain/approval.js';
import type { NoticePeriod } from '../domain/notice.js';

export type RevocationStatus = 'statement_period' | 'decision' | 'public_notice' | 'revoked' | 'kept';
export interface RevocationInput {
  subCenter: Pick<SubCenterRef, 'id' | 'name' | 'organizationId' | 'city' | 'system'>;
  trigger: 'grade' | 'violation';
  reason: string;
  requestedBy: { id: string; name: string };
  statementWorkingDays: number;
  decisionWorkingDays: number;
  evaluationId?: string;
  /** 公示 of the decision (absent in cases started before the notice stage: 5 working days). */
  noticePeriod?: NoticePeriod;
  /** The steps' configuration from the evaluation rule set (absent in cases started before the approval engine). */
  steps?: { statement: StepConfig; revocation_decision: StepConfig };
}
export const revocationWorkflowId = (subCenterId: string) => `revocation-${subCenterId}`;
export const Statement = z.object({ statement: z.string().trim().min(1).max(8000) });
/** Answers once the new case is readable (used with update-with-start). */
export const revocationOpened = wf.defineUpdate<{ id: string; status: RevocationStatus }>('revocationOpened');
