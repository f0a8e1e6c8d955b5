import { z } from 'zod';

/** A decision on a review task. Every decision carries a written opinion (审批意见). */
export const TaskDecision = z.object({
  decision: z.enum(['approve', 'return', 'reject', 'expert_review', 'site_inspection']),
  comment: z.string().trim().min(1, '请填写审批意见 (a written opinion is required)').max(4000),
  /** return: working days the applicant has to supplement (default from the rule set). */
  supplementDays: z.number().int().min(1).max(60).optional(),
  /** expert_review task: the expert's score, 0–100. */
  score: z.number().min(0).max(100).optional(),
  /** expert_review task: the expert declares no conflict of interest with the applicant. */
  noConflict: z.boolean().optional(),
  /** site_inspection task: what the inspection found. */
  findings: z.string().trim().min(1).max(4000).optional(),
  /** Step-specific form (self-report, expert scoring, on-site record, statement, rectification plan), checked by the workflow against that step's schema. */
  payload: z.record(z.string(), z.unknown()).optional(),
});
export type TaskDecision = z.infer<typeof TaskDecision>;

export const TaskStatus = z.enum(['open', 'done', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const AssignTaskInput = z.object({ assignee: z.string().min(1).describe('username of the new holder') });

/**
 * Whether an actor may hold a task: one of the task's roles, the task's city unless the actor
 * works province-wide (no city), and the task's organisation if it has one. Used by workflow validators and by the queue query alike.
 */
export function canActOnTask(
  task: { candidateRoles: readonly string[]; city: string | null; organizationId?: string | null },
  actor: { roles: readonly string[]; city: string | null; organizationId?: string | null },
) {
  const roleMatches = actor.roles.some((r) => task.candidateRoles.includes(r));
  const cityMatches = task.city === null || actor.city === null || actor.city === task.city;
  // A sub-center's own tasks (self-report, statement, rectification) belong to its organisation.
  const organizationMatches = !task.organizationId || actor.organizationId === task.organizationId;
  return roleMatches && cityMatches && organizationMatches;
}
