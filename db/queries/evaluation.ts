/** Evaluation and payout reads of the API (api/routes/evaluation.ts). */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Actor } from '../../domain/roles.js';
import type { Db } from '../index.js';
import type { Database } from '../schema.js';

/** Every round is public within the network (published results). */
export const everyone = () => sql<boolean>`true`;

/** Payouts: the Provincial Center, auditors and finance read all; a sub-center its own. */
export const payoutVisibleTo = (eb: ExpressionBuilder<Database, 'payouts'>, actor: Actor) =>
  actor.roles.some((r) => ['admin', 'auditor', 'provincial_reviewer', 'finance'].includes(r))
    ? sql<boolean>`true`
    : actor.organizationId
      ? eb('organization_id', '=', actor.organizationId)
      : sql<boolean>`false`;

/** Annex A: the evaluations' reported figures summed by year, city and system, with how many reported. */
export function annexASums(db: Db, keys: readonly string[], by: { year?: number; system?: string; city?: string }) {
  let q = db
    .selectFrom('evaluations')
    .select([
      'year',
      'city',
      'system',
      sql<string>`count(*) filter (where body->'report' <> 'null'::jsonb)`.as('reports'),
      ...keys.map((k) => sql<string>`coalesce(sum((body->'report'->'figures'->>${k})::numeric), 0)`.as(k)),
    ])
    .groupBy(['year', 'city', 'system'])
    .orderBy('year', 'desc')
    .orderBy('city');
  if (by.year) q = q.where('year', '=', by.year);
  if (by.system) q = q.where('system', '=', by.system);
  if (by.city) q = q.where('city', '=', by.city);
  return q.execute() as unknown as Promise<Record<string, string | number>[]>;
}
