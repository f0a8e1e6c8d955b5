/**
 * Who may act on a task row, as the API reads it before a workflow is asked (the rules of
 * domain/tasks.ts; the workflow's validators have the last word): fitting, holding, refused why.
 */
import type { Context } from 'hono';
import type { TaskRow } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { say } from '../domain/messages.js';
import type { Actor } from '../domain/roles.js';
import { CONFLICT_OF_INTEREST, canActOnTask, hasConflict, holdsTask } from '../domain/tasks.js';
import type { AppEnv } from './context.js';

/** A task row as the engine's eligibility rules read it. */
export const eligibilityOf = (row: TaskRow) => ({
  candidateRoles: row.candidate_roles,
  city: row.city,
  organizationId: row.organization_id,
  conflict: { city: row.conflict_city, organizationId: row.conflict_organization_id },
});
/** Whether a person's role, city and organisation fit a task row (no conflict of interest). */
export const fitsRow = (row: TaskRow, a: Actor) => canActOnTask(eligibilityOf(row), a);
/** Whether a person holds a task row now (the rule of domain/tasks.ts; the workflow's validators have the last word). */
export const holdsRow = (row: TaskRow, a: Actor) =>
  holdsTask(
    { ...eligibilityOf(row), delegatedTo: row.delegated_to, assignee: row.assignee, recusedBy: row.recused_by },
    a,
  );
/** Whether a person could ever hold it: named, asked, or fitting it (held by someone else for now, perhaps). */
export const couldHoldRow = (row: TaskRow, a: Actor) =>
  row.delegated_to === a.username || row.assignee === a.username || fitsRow(row, a);

/** Why someone who may not act on the task is refused: the reviewer it would fit but for 回避 is told so. */
export const outsiderRefusal = (row: TaskRow, people: Actor[]) => {
  const task = eligibilityOf(row);
  return people.some((a) => hasConflict(task, a) && canActOnTask({ ...task, conflict: null }, a))
    ? new DomainError('forbidden', CONFLICT_OF_INTEREST)
    : new DomainError('forbidden', say('notYourTask'));
};
/** A stand-in acts as themselves too: never on a task they would have to recuse from (回避). */
export const standInMustRecuse = (row: TaskRow, actor: Actor) =>
  !couldHoldRow(row, actor) && hasConflict(eligibilityOf(row), actor);

/** Who acts on a task: the user in their own right, else a colleague they stand in for (代理) who holds it. */
export const acting = (c: Context<AppEnv>, row: TaskRow): { actor: Actor; by: Actor | null } => {
  const actor = c.get('actor');
  if (holdsRow(row, actor)) return { actor, by: null };
  const principal = c.get('principals').find((p) => holdsRow(row, p));
  return principal ? { actor: principal, by: actor } : { actor, by: null };
};
