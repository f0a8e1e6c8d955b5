/** What one organisation may read of a competition's trail: its own bid and the steps about it. */
import { type ExpressionBuilder, sql } from 'kysely';
import { AWARDED_BIDS, BID_READERS, readsDrafts } from '../../domain/competition.js';
import type { Actor } from '../../domain/roles.js';
import type { Db } from '../index.js';
import type { Database } from '../schema.js';
import { worksOnCase } from './tasks.js';

/** The ids of the organisation's bids on the competition, and of the competition's tasks that are not about another bid. */
export async function ownBidsAndTasks(db: Db, competitionId: string, organizationId: string | null) {
  const [bids, tasks] = await Promise.all([
    db
      .selectFrom('bids')
      .select('id')
      .where('competition_id', '=', competitionId)
      .where('organization_id', '=', organizationId)
      .execute(),
    db
      .selectFrom('tasks')
      .select('id')
      .where('case_type', '=', 'competition')
      .where('case_id', '=', competitionId)
      .where((eb) => eb.or([eb('party', 'is', null), eb('party', '=', organizationId)]))
      .execute(),
  ]);
  return { bids: new Set(bids.map((b) => b.id)), tasks: new Set(tasks.map((t) => t.id)) };
}

/** A competition task's status (drafts are the Provincial Center's). */
export const competitionStatus = (db: Db, id: string) =>
  db.selectFrom('competition_tasks').select(['id', 'status']).where('id', '=', id).executeTakeFirst();

/** The sub-center of an organisation, an active one first (a revoked one is refused in words). */
export const subCenterOfOrganization = (db: Db, organizationId: string) =>
  db
    .selectFrom('sub_centers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy(sql`status = 'active'`, 'desc')
    .executeTakeFirst();

/** Competition tasks the actor may see: drafts stay with the Provincial Center. */
export const competitionVisibleTo = (eb: ExpressionBuilder<Database, 'competition_tasks'>, actor: Actor) =>
  readsDrafts(actor) ? sql<boolean>`true` : eb('status', '!=', 'draft');

/**
 * Bids the actor may see: sealed while bidding is open (the bidder's own); afterwards the
 * Provincial Center, the experts asked to score the competition, and finance the awarded bids.
 */
export function bidVisibleTo(eb: ExpressionBuilder<Database, 'bids'>, actor: Actor) {
  const closed = sql<boolean>`exists (select 1 from competition_tasks ct
        where ct.id = bids.competition_id and ct.status not in ('draft', 'open'))`;
  const readers: ReturnType<typeof sql<boolean>>[] = [];
  if (actor.roles.some((r) => BID_READERS.includes(r) && r !== 'expert')) readers.push(closed);
  if (actor.roles.includes('expert'))
    readers.push(sql<boolean>`(${closed} and ${worksOnCase(actor, sql.ref('bids.competition_id'))})`);
  if (actor.roles.includes('finance'))
    readers.push(sql<boolean>`(${closed} and bids.status in (${sql.join([...AWARDED_BIDS])}))`);
  if (actor.organizationId) readers.push(sql<boolean>`bids.organization_id = ${actor.organizationId}`);
  return readers.length ? eb.or(readers) : sql<boolean>`false`;
}
