/** Incidents (故障): a step that failed, kept until retried and resolved (api/routes/incidents.ts). */
import { sql } from 'kysely';
import type { Db } from '../index.js';

export const incidents = (db: Db) => db.selectFrom('incidents').selectAll();
export const incidentFilters = {
  unresolved: (qb: ReturnType<typeof incidents>, v: unknown) =>
    v === true || v === 'true' ? qb.where('status', '<>', 'resolved') : qb,
};
export const incidentById = (db: Db, id: string) => incidents(db).where('id', '=', id).executeTakeFirst();

/** An open incident marked retrying by the person; undefined when it is not open. */
export const markRetrying = (db: Db, id: string, by: string) =>
  db
    .updateTable('incidents')
    .set({
      status: 'retrying',
      retry_requested_by: by,
      retry_requested_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();

/** The retry could not be asked: the incident is open again. */
export const reopenIncident = (db: Db, id: string) =>
  db.updateTable('incidents').set({ status: 'open' }).where('id', '=', id).execute();
