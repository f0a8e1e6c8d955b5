/** The network in numbers (api/routes/stats.ts). */
import { sql } from 'kysely';
import type { Db } from '../index.js';

/** Active sub-centers by city and system, applications by status, and the open and overdue tasks. */
export const networkCounts = (db: Db) =>
  Promise.all([
    db
      .selectFrom('sub_centers')
      .select(['city', 'system', sql<string>`count(*)`.as('n')])
      .where('status', '=', 'active')
      .groupBy(['city', 'system'])
      .execute(),
    db
      .selectFrom('applications')
      .select(['status', sql<string>`count(*)`.as('n')])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('tasks')
      .select([sql<string>`count(*)`.as('open'), sql<string>`count(*) filter (where due_at < now())`.as('overdue')])
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow(),
  ]);
