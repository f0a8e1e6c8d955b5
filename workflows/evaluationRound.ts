/**
 * An evaluation round (年度/三年绩效评价) for one year and system: evaluates every sub-center due
 * (one child workflow each), and when all are scored grades the round (bands, bottom elimination
 * for tech-service), computes post-subsidies within the year's budget, publishes the results and
 * the commendation list (通报表彰, financial 优秀), and sends each evaluation its grade.
 */

import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type { Graded } from '../domain/evaluation.js';
import { say } from '../domain/messages.js';
import { shanghaiDate } from '../domain/workdays.js';
import { evaluationRoundCase } from './evaluationRoundCase.js';
import { evaluationRoundWorkflowId, type RoundInput } from './evaluationRoundUpdates.js';

export * from './evaluationRoundUpdates.js';

export async function evaluationRound(input: RoundInput): Promise<Graded[]> {
  const round = evaluationRoundCase(input);
  await round.opened();
  await round.evaluateEach();
  const graded = await round.grade();
  return round.publish(graded);
}

/**
 * Started every January by a Temporal Schedule: opens the previous year's rounds of both systems.
 * A round already opened by hand is left alone.
 */
export async function openDueEvaluationRounds(): Promise<string[]> {
  const year = Number(shanghaiDate(new Date(Date.now())).slice(0, 4)) - 1;
  const openedRounds: string[] = [];
  for (const system of ['tech_service', 'financial'] as const) {
    try {
      await wf.startChild(evaluationRound, {
        workflowId: evaluationRoundWorkflowId(system, year),
        parentClosePolicy: 'ABANDON',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ year, system, openedBy: { id: 'schedule', name: say('openedBySchedule') } }],
      });
      openedRounds.push(evaluationRoundWorkflowId(system, year));
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  return openedRounds;
}
