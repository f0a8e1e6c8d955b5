/** The registry of organisations (api/routes/organizations.ts). */

import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../index.js';
import type { Database } from '../schema.js';

export const organizations = (db: Db) => db.selectFrom('organizations').selectAll();
export const organizationFilters = {
  q: (qb: ReturnType<typeof organizations>, v: unknown) => qb.where('name', 'ilike', `%${String(v)}%`),
};
export const organizationById = (db: Db, id: string) => organizations(db).where('id', '=', id).executeTakeFirst();

/** What stands in the way of a new application by the credit code: one in progress, or an active sub-center. */
export const standingOf = (db: Db, creditCode: string, terminal: readonly string[]) =>
  Promise.all([
    db
      .selectFrom('applications')
      .select(['id', 'org_name'])
      .where('credit_code', '=', creditCode)
      .where('status', 'not in', terminal)
      .executeTakeFirst(),
    db
      .selectFrom('sub_centers')
      .select(['id', 'name'])
      .where('credit_code', '=', creditCode)
      .where('status', '=', 'active')
      .executeTakeFirst(),
  ]);

/** A new organisation, or undefined when its id is taken (a taken credit code throws 23505). */
export const insertOrganization = (db: Db, values: Insertable<Database['organizations']>) =>
  db
    .insertInto('organizations')
    .values(values)
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();

export const updateOrganization = (db: Db, id: string, set: Updateable<Database['organizations']>) =>
  db.updateTable('organizations').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
