/**
 * What the API and the schedule speak to an evaluation round with: its statuses, input and id, and
 * the Update that answers once a new round is readable. The round is workflows/evaluationRound.ts;
 * its state and steps, workflows/evaluationRoundCase.ts.
 */
import * as wf from '@temporalio/workflow';

export type RoundStatus = 'in_progress' | 'public_notice' | 'graded';
export interface RoundInput {
  year: number;
  system: 'tech_service' | 'financial';
  openedBy: { id: string; name: string };
}
export const evaluationRoundWorkflowId = (system: string, year: number) => `evaluation-round-${system}-${year}`;
/** Answers once the new round is readable (used with update-with-start). */
export const roundOpened = wf.defineUpdate<{ id: string; status: RoundStatus; participants: number }>('roundOpened');
