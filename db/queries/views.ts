/** Saved views of a list (api/routes/views.ts): a person's own and those shared with their roles. */
import { sql } from 'kysely';
import type { Db } from '../index.js';

const COLUMNS = ['id', 'owner', 'resource', 'name', 'params', 'shared_role', 'created_at'] as const;

/** The views of a list a person may use: their own, then those colleagues shared with one of their roles. */
export const viewsFor = (db: Db, username: string, roles: string[], resource: string) =>
  db
    .selectFrom('saved_views')
    .leftJoin('users', 'users.username', 'saved_views.owner')
    .select([...COLUMNS.map((c) => `saved_views.${c}` as const), 'users.display_name as owner_name'])
    .where('saved_views.resource', '=', resource)
    .where('saved_views.archived_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('saved_views.owner', '=', username),
        ...(roles.length ? [eb('saved_views.shared_role', 'in', roles)] : []),
      ]),
    )
    .orderBy(sql`saved_views.owner = ${username}`, 'desc')
    .orderBy('saved_views.name')
    .limit(100)
    .execute();

/** A new view; undefined when the person already has a view of that name for the list. */
export const insertView = (
  db: Db,
  view: { owner: string; resource: string; name: string; params: object; shared_role: string | null },
) =>
  db
    .insertInto('saved_views')
    .values({ ...view, params: JSON.stringify(view.params) })
    .onConflict((oc) => oc.columns(['owner', 'resource', 'name']).where('archived_at', 'is', null).doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();

/** Archives the owner's view; undefined when it is not theirs or not there. */
export const archiveView = (db: Db, id: string, owner: string) =>
  db
    .updateTable('saved_views')
    .set({ archived_at: sql`now()` })
    .where('id', '=', id)
    .where('owner', '=', owner)
    .where('archived_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
