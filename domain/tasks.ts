import { z } from 'zod';
import { Decision } from './approval.js';
import { say } from './messages.js';

const Opinion = z.string().trim().min(1, say('writtenOpinionIsRequired')).max(4000);
const Username = z.string().trim().min(1).max(100);

/** A decision on a review task. Every decision carries a written opinion (审批意见). */
export const TaskDecision = z.object({
  decision: Decision,
  comment: Opinion,
  /** return: the step the case goes back to (default: the applicant, 退回补正). */
  toStep: z.string().trim().min(1).max(100).optional(),
  /** return to the applicant: working days to supplement (default from the rule set). */
  supplementDays: z.number().int().min(1).max(60).optional(),
  /** expert_review task: the expert's score, 0–100. */
  score: z.number().min(0).max(100).optional(),
  /** expert_review task: the expert declares no conflict of interest with the applicant. */
  noConflict: z.boolean().optional(),
  /** site_inspection task: what the inspection found. */
  findings: z.string().trim().min(1).max(4000).optional(),
  /** Attach the signature image kept in the user's profile to this decision. */
  signed: z.boolean().optional(),
  /** Step-specific form (self-report, expert scoring, on-site record, statement, rectification plan), checked by the workflow against that step's schema. */
  payload: z.record(z.string(), z.unknown()).optional(),
});
export type TaskDecision = z.infer<typeof TaskDecision>;

/** The lists a view may be saved of. */
export const VIEW_RESOURCES = ['tasks'] as const;
/** A saved view (视图): the list's filters, sort and page size under a name, perhaps shared with one of the owner's roles. */
export const SavedViewInput = z.object({
  resource: z.enum(VIEW_RESOURCES),
  name: z.string().trim().min(1).max(60),
  filter: z
    .record(z.string().max(60), z.unknown())
    .refine((f) => JSON.stringify(f).length <= 4000, say('atMostChars', '4000')),
  sort: z.object({ field: z.string().trim().min(1).max(60), order: z.enum(['ASC', 'DESC']) }),
  perPage: z.number().int().min(5).max(100),
  sharedRole: z.string().max(40).nullable().optional(),
});
export type SavedViewInput = z.infer<typeof SavedViewInput>;

/** At most this many tasks in one 批量审批. */
export const MAX_BATCH = 50;
/**
 * 批量审批: one decision and one opinion for several tasks of the same step, each decided on its
 * own case as if singly (同意 or 不同意 only: a return or a step's form is decided task by task).
 */
export const BatchDecision = z.object({
  taskIds: z
    .array(z.string().trim().min(1).max(100))
    .min(1)
    .max(MAX_BATCH)
    .refine((ids) => new Set(ids).size === ids.length, say('taskListedTwice')),
  decision: z.enum(['approve', 'reject']),
  comment: Opinion,
  signed: z.boolean().optional(),
});
export type BatchDecision = z.infer<typeof BatchDecision>;

export const TaskStatus = z.enum(['open', 'done', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const AssignTaskInput = z.object({ assignee: Username.describe('username of the new holder') });
/** 转办 / 委派: to another eligible user, with a reason. */
export const HandOverInput = z.object({ assignee: Username, comment: Opinion });
/** 加签: extra reviewers before this holder, after them, or alongside. */
export const AddSignersInput = z.object({
  usernames: z.array(Username).min(1).max(10),
  position: z.enum(['before', 'after', 'parallel']),
  comment: Opinion,
});
/** 减签: a reviewer added at run time who has not acted yet. */
export const RemoveSignerInput = z.object({ username: Username, comment: Opinion });
/** 退回 to a step the case has passed (`applicant`: back to the applicant for supplement). */
export const ReturnInput = z.object({
  toStep: z.string().trim().min(1).max(100),
  comment: Opinion,
  supplementDays: z.number().int().min(1).max(60).optional(),
});
export const UrgeInput = z.object({ comment: z.string().trim().max(1000).optional() });
/** 回避: the reason an expert steps aside from a task. */
export const RecuseInput = z.object({ comment: z.string().trim().min(1).max(1000) });
/** 优先级: 0 普通, 1 优先, 2 紧急 (set by the Provincial Center). */
export const PriorityInput = z.object({
  priority: z.coerce.number().int().min(0).max(2),
  comment: z.string().trim().max(1000).optional(),
});
export const CcInput = z.object({
  usernames: z.array(Username).min(1).max(20),
  comment: z.string().trim().max(1000).optional(),
});
export const CommentInput = z.object({ text: z.string().trim().min(1, say('writeComment')).max(4000) });

/**
 * Whether an actor may hold a task: one of the task's roles, the task's city unless the actor
 * works province-wide (no city), the task's organisation if it has one, and no conflict of
 * interest (an expert of the subject's city or organisation). Named tasks belong to their user.
 * Used by workflow validators and by the queue query alike.
 */
export function canActOnTask(
  task: {
    candidateRoles: readonly string[];
    city: string | null;
    organizationId?: string | null;
    conflict?: { city: string | null; organizationId: string | null } | null;
  },
  actor: { roles: readonly string[]; city: string | null; organizationId?: string | null },
) {
  const roleMatches = actor.roles.some((r) => task.candidateRoles.includes(r));
  const cityMatches = task.city === null || actor.city === null || actor.city === task.city;
  // A sub-center's own tasks (self-report, statement, rectification) belong to its organisation.
  const organizationMatches = !task.organizationId || actor.organizationId === task.organizationId;
  return roleMatches && cityMatches && organizationMatches && !hasConflict(task, actor);
}

/**
 * Who holds a task now: its delegate while delegated (委派), else its assignee, else anyone whose
 * role, city and organisation fit it — never someone who stepped aside from it (回避). The engine
 * adds its own 会签 rule (one seat of a step per reviewer); the API reads task rows by this rule.
 */
export function holdsTask(
  task: Parameters<typeof canActOnTask>[0] & {
    delegatedTo: string | null;
    assignee: string | null;
    recusedBy?: readonly string[];
  },
  actor: Parameters<typeof canActOnTask>[1] & { username: string },
) {
  if (task.recusedBy?.includes(actor.username)) return false;
  if (task.delegatedTo) return task.delegatedTo === actor.username;
  if (task.assignee) return task.assignee === actor.username;
  return canActOnTask(task, actor);
}

/** An applicant, for any task but their own organisation's: a case is not shown to another organisation. */
export const outsider = (
  task: { organizationId?: string | null },
  user: { roles: readonly string[]; organizationId?: string | null },
) =>
  user.roles.every((r) => r === 'applicant') && (!task.organizationId || user.organizationId !== task.organizationId);

/**
 * Why a user may not be given a task (转办, 指派) or asked about it (委派, 加签: `forOpinion`), or
 * null if they may: never someone who must recuse (回避), nor an `outsider`; for a task given by name,
 * anyone of its organisation (any organisation when it has none); for an opinion, a reviewer of the
 * task's scope; otherwise whoever is eligible by role, city and organisation. The engine refuses by it; the console's people picker offers by it.
 */
export function handOverRefusal(
  task: Parameters<typeof canActOnTask>[0] & { named?: boolean },
  user: Parameters<typeof canActOnTask>[1],
  forOpinion = false,
): 'conflict' | 'ineligible' | null {
  if (hasConflict(task, user)) return 'conflict';
  if (outsider(task, user)) return 'ineligible';
  const organisation = !task.organizationId || user.organizationId === task.organizationId;
  const ok = task.named
    ? organisation
    : forOpinion
      ? organisation && mayGiveOpinion(task, user)
      : canActOnTask(task, user);
  return ok ? null : 'ineligible';
}

/** The roles whose holders may be asked for an opinion on any review task (委派, 加签), beside the task's own. */
const OPINION_ROLES = ['municipal_reviewer', 'provincial_reviewer', 'expert'];

/**
 * Who may be asked for an opinion: a reviewer (or one of the task's own roles, finance on a
 * payment), within the task's scope — its city's or a province-wide one for a city's task.
 */
const mayGiveOpinion = (task: Parameters<typeof canActOnTask>[0], user: Parameters<typeof canActOnTask>[1]) =>
  user.roles.some((r) => OPINION_ROLES.includes(r) || task.candidateRoles.includes(r)) &&
  (task.city === null || user.city === null || user.city === task.city);

export const CONFLICT_OF_INTEREST = say('conflictOfInterestSameCity');

/** 回避: an expert of the subject's city or organisation may not act on it. */
export function hasConflict(
  task: { conflict?: { city: string | null; organizationId: string | null } | null },
  actor: { city: string | null; organizationId?: string | null },
) {
  const c = task.conflict;
  if (!c) return false;
  return (
    (c.city !== null && actor.city === c.city) ||
    (c.organizationId !== null && actor.organizationId === c.organizationId)
  );
}
