/** Case resources read generically (api/caseResource.ts): one table per case type, each with its visibility rule. */
import { type ExpressionBuilder, sql } from 'kysely';
import type { ProjectionTable } from '../../activities/caseChanges.js';
import type { Actor } from '../../domain/roles.js';
import type { Db } from '../index.js';
import type { Database } from '../schema.js';
import { worksOnCase } from './tasks.js';

/** A resource's visibility rule as a where-condition on its table. */
export type CaseVisibility<T extends ProjectionTable> = (
  eb: ExpressionBuilder<Database, T>,
  actor: Actor,
) => ReturnType<typeof sql<boolean>> | ReturnType<ExpressionBuilder<Database, T>['or']>;

/** Visible by the resource's rule, or copied to the actor (抄送). */
export const visibleOrCopied =
  <T extends ProjectionTable>(table: T, caseType: string, visible: CaseVisibility<T>) =>
  (eb: ExpressionBuilder<Database, T>, actor: Actor) =>
    eb.or([
      visible(eb, actor),
      sql<boolean>`exists (select 1 from case_cc where case_cc.case_type = ${caseType} and case_cc.case_id = ${sql.ref(`${table}.id`)} and case_cc.username = ${actor.username})`,
    ]);

/** The rows of a case table the actor may see (by `visibleTo`). */
export const casesVisibleTo = <T extends ProjectionTable>(
  db: Db,
  table: T,
  visibleTo: (eb: ExpressionBuilder<Database, T>, actor: Actor) => ReturnType<ExpressionBuilder<Database, T>['or']>,
  actor: Actor,
) =>
  // biome-ignore lint/suspicious/noExplicitAny: one builder for every case table
  (db.selectFrom(table as ProjectionTable) as any).where((eb: ExpressionBuilder<Database, T>) => visibleTo(eb, actor));

/** One visible case's id and body. */
export const visibleCase = async <T extends ProjectionTable>(
  rows: ReturnType<typeof casesVisibleTo<T>>,
  id: string,
): Promise<{ id: string; body: Record<string, unknown> } | undefined> =>
  rows.select(['id', 'body']).where('id', '=', id).executeTakeFirst();

/**
 * Sub-center cases (evaluations, revocations): the sub-center's own organisation, its city's
 * bureau, the province-wide roles, and experts and finance officers for the cases they work on.
 */
// biome-ignore lint/suspicious/noExplicitAny: evaluations and revocations alike
export const subCenterCaseScope = (table: string) => (eb: ExpressionBuilder<any, any>, actor: Actor) => {
  if (actor.roles.some((r) => ['admin', 'auditor', 'provincial_reviewer'].includes(r))) return sql<boolean>`true`;
  const ors = [];
  if (actor.organizationId) ors.push(eb('organization_id', '=', actor.organizationId));
  if (actor.roles.includes('municipal_reviewer') && actor.city) ors.push(eb('city', '=', actor.city));
  if (actor.roles.some((r) => r === 'expert' || r === 'finance')) ors.push(worksOnCase(actor, sql.ref(`${table}.id`)));
  return ors.length ? eb.or(ors) : sql<boolean>`false`;
};
