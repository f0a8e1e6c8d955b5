/** The operation log (操作日志): every request that changed something, or signed in, or downloaded (api/operationLog.ts). */
import { type Insertable, sql } from 'kysely';
import type { Db } from '../index.js';
import type { Database } from '../schema.js';

export const writeOperation = (db: Db, entry: Insertable<Database['operation_log']>) =>
  db.insertInto('operation_log').values(entry).execute();

export const operations = (db: Db) => db.selectFrom('operation_log').selectAll();
/** The log's own filters: from and to (ISO dates). */
export const operationFilters = {
  from: (qb: ReturnType<typeof operations>, v: unknown) => qb.where('at', '>=', sql<Date>`${String(v)}`),
  to: (qb: ReturnType<typeof operations>, v: unknown) => qb.where('at', '<=', sql<Date>`${String(v)}`),
};
