import { z } from '@hono/zod-openapi';
import { entryHash, GENESIS_HASH } from '../activities/audit.js';
import { caseTrail, expertsAmong } from '../db/queries/auditTrail.js';
import { displayNames } from '../db/queries/users.js';
import type { Actor } from '../domain/roles.js';
import type { ApiDeps } from './context.js';
import { expertsSealedFrom, SEALED_EXPERT } from './policy.js';

export const AuditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string(),
  actorName: z.string(),
  actingFor: z.string().nullable(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  comment: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  named: z.array(z.string()).describe('the people the action named, by name: 转办 / 指派 / 委派 to, 加签, 减签, 抄送'),
  hash: z.string(),
  prevHash: z.string(),
  intact: z
    .boolean()
    .describe('the stored hash is the keyed hash of every field of the entry and the hash it links to'),
  linked: z.boolean().describe('the entry links to the hash of the entry just before it in the chain'),
});
const ChainCheck = z.object({
  intact: z.boolean(),
  firstBreak: z
    .object({
      entryId: z.string(),
      reason: z
        .enum(['altered', 'unlinked'])
        .describe('altered: content or hash rewritten; unlinked: an entry before it was removed or replaced'),
    })
    .nullable(),
});
export const TemporalEvent = z.object({
  eventId: z.string(),
  eventType: z.string(),
  time: z.string().nullable(),
  detail: z.string().nullable(),
});
export const CaseHistory = z.object({
  audit: z.array(AuditEntryView),
  chain: ChainCheck.describe("the case's entries checked in the one chain of the audit trail: the first break, if any"),
  temporal: z
    .object({
      workflowId: z.string(),
      runId: z.string(),
      uiUrl: z.string().nullable(),
      events: z.array(TemporalEvent),
    })
    .nullable()
    .describe('the Temporal event history: for administrators and auditors only (null for everyone else)'),
});
export type CaseHistory = z.infer<typeof CaseHistory>;

const EVENT_PREFIX = 'EVENT_TYPE_';

/** Who may read a case's Temporal event history (internal process detail) beside its audit trail. */
export const readsProcessEvents = (actor: Actor) => actor.roles.some((r) => r === 'admin' || r === 'auditor');

/** The approval actions that name people, in their data: `to`, `usernames` or `username`. */
const NAMING = new Set([
  'task.transferred',
  'task.assigned',
  'task.delegated',
  'task.opinion_given',
  'task.signers_added',
  'task.signer_removed',
  'case.copied',
]);

/** The usernames an entry's action named: `to` (转办, 指派, 委派, its opinion), `usernames` (加签, 抄送), `username` (减签). */
function namedIn({ action, data }: { action: string; data: Record<string, unknown> }): string[] {
  if (!NAMING.has(action)) return [];
  const one = (v: unknown) => (typeof v === 'string' ? [v] : []);
  const many = Array.isArray(data.usernames) ? data.usernames.filter((u): u is string => typeof u === 'string') : [];
  return [...one(data.to), ...many, ...one(data.username)];
}

/**
 * The audit trail of a case (with each entry's hash re-checked) and, for administrators and
 * auditors, its Temporal event history.
 */
export async function caseHistory(
  deps: ApiDeps,
  actor: Actor,
  ref: { caseType: string; caseId: string; workflowId: string; runId?: string },
): Promise<CaseHistory> {
  const rows = await caseTrail(deps.db, ref.caseType, ref.caseId);
  const names = await displayNames(
    deps.db,
    rows.flatMap((r) => namedIn(r)),
  );
  const audit = rows.map((r) => ({
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actingFor: r.acting_for,
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    comment: r.comment,
    data: r.data,
    named: namedIn(r).map((u) => names.get(u) ?? u),
    hash: r.hash,
    prevHash: r.prev_hash,
    intact: entryHash(r.prev_hash, r) === r.hash,
    linked: r.prev_hash === (r.predecessor ?? GENESIS_HASH),
  }));
  const broken = audit.find((e) => !e.intact || !e.linked);
  return {
    audit: expertsSealedFrom(actor) ? await sealExperts(deps, audit) : audit,
    chain: {
      intact: !broken,
      firstBreak: broken ? { entryId: broken.id, reason: broken.intact ? 'unlinked' : 'altered' } : null,
    },
    temporal: readsProcessEvents(actor) ? await processEvents(deps, ref) : null,
  };
}

/** An expert's entries as an applicant reads them: that an expert acted, not who, what score or why. */
async function sealExperts(deps: ApiDeps, audit: z.infer<typeof AuditEntryView>[]) {
  const actorIds = [...new Set(audit.map((e) => e.actorId))];
  const experts = await expertsAmong(deps.db, actorIds);
  return audit.map((e) =>
    experts.has(e.actorId)
      ? {
          ...e,
          actorId: '',
          actorName: SEALED_EXPERT,
          actingFor: null,
          comment: null,
          data: typeof e.data.step === 'string' ? { step: e.data.step } : {},
        }
      : e,
  );
}

async function processEvents(deps: ApiDeps, ref: { workflowId: string; runId?: string }) {
  const ns = deps.namespace ?? 'default';
  const handle = deps.temporal.workflow.getHandle(ref.workflowId, ref.runId);
  const history = await handle.fetchHistory();
  const runId = ref.runId ?? (await handle.describe()).runId;
  const events = (history.events ?? []).map((e) => {
    const type = String(e.eventType !== undefined && e.eventType !== null ? eventTypeName(e.eventType) : 'UNKNOWN');
    const detail =
      e.activityTaskScheduledEventAttributes?.activityType?.name ??
      e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ??
      e.timerStartedEventAttributes?.timerId ??
      null;
    const seconds = e.eventTime?.seconds;
    return {
      eventId: String(e.eventId),
      eventType: type,
      time:
        seconds != null
          ? new Date(Number(seconds) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6)).toISOString()
          : null,
      detail,
    };
  });
  return {
    workflowId: ref.workflowId,
    runId,
    events,
    uiUrl: deps.temporalUiUrl
      ? `${deps.temporalUiUrl}/namespaces/${ns}/workflows/${encodeURIComponent(ref.workflowId)}/${runId}/history`
      : null,
  };
}

import proto from '@temporalio/proto';

function eventTypeName(value: number | string): string {
  const name = typeof value === 'string' ? value : (proto.temporal.api.enums.v1.EventType[value] ?? String(value));
  return name.startsWith(EVENT_PREFIX) ? name.slice(EVENT_PREFIX.length) : name;
}
