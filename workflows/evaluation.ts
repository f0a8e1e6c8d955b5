/**
 * One sub-center's evaluation (绩效评价, standard 003 §7.1): self-evaluation report → written
 * review (may return once for correction) → expert scoring of Annex B by a 会签 panel (conflicts
 * refused) → on-site assessment → score. The score goes to the round, which grades the round and
 * sends the grade back; the grade then leads to a payout, a rectification plan or a revocation.
 */

import type { Grade } from '../domain/evaluation.js';
import { evaluationCase } from './evaluationCase.js';
import type { EvaluationInput } from './evaluationUpdates.js';

export * from './evaluationUpdates.js';

export async function evaluation(input: EvaluationInput): Promise<Grade> {
  const e = evaluationCase(input);
  await e.assessed();
  // the round grades every sub-center it evaluates, and sends this one its grade
  await e.reportScore();
  const grade = await e.graded();
  // a post-subsidy, rectification (整改), or revocation
  await e.followGrade(grade);
  return e.end();
}
