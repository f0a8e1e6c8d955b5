import { createHash } from 'node:crypto';
import { type CompiledQuery, Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

// timestamptz as Date, bigint ids as strings (the default), numeric as number.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Db = Kysely<Database>;
const addresses = new WeakMap<Db, string>();
const plannedPools = new WeakMap<Db, pg.Pool>();

export function createDb(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection dropped by the server (restart, Ctrl-C reaching it first) is not fatal:
  // the pool replaces it on next use.
  pool.on('error', (err) => console.warn(`[db] idle connection lost: ${err.message}`));
  // the connections of `executePrepared`: a pool of their own, as the setting would also give
  // kysely's statements (unnamed, planned at every run for their values) one plan for all values
  const planned = new pg.Pool({
    connectionString,
    max,
    options: '-c plan_cache_mode=force_generic_plan',
  });
  planned.on('error', (err) => console.warn(`[db] idle connection lost: ${err.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const destroy = db.destroy.bind(db);
  db.destroy = async () => {
    await Promise.all([destroy(), planned.end()]);
  };
  addresses.set(db, connectionString);
  plannedPools.set(db, planned);
  return db;
}

/**
 * Runs a hot statement prepared once per connection (named by its text) and planned once for all
 * values (a generic plan), instead of parsed and planned at every request (bench:inbox: half of a
 * queue page's PostgreSQL time). For statements whose plan does not depend on the values: an
 * index walk by key, not a choice between scans.
 */
export async function executePrepared<R>(db: Db, query: CompiledQuery<R>): Promise<R[]> {
  const pool = plannedPools.get(db)!;
  return (await pool.query({ name: statementName(query.sql), text: query.sql, values: [...query.parameters] }))
    .rows as R[];
}
/** A prepared statement's name, from its text: hashed once per text (a few shapes), not per request. */
const statementNames = new Map<string, string>();
function statementName(text: string) {
  let name = statementNames.get(text);
  if (!name) {
    name = `kejin_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A connection of its own (outside the pool) that LISTENs on a channel: payloads go to
 * `onMessage`; `onLost` hears that the connection broke (the caller decides whether to listen again).
 */
export async function listen(
  db: Db,
  channel: string,
  onMessage: (payload: string) => void,
  onLost: (err: Error) => void,
): Promise<{ close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: addresses.get(db) });
  let closing = false;
  client.on('notification', (m) => m.channel === channel && m.payload !== undefined && onMessage(m.payload));
  client.on('error', (err) => !closing && onLost(err));
  client.on('end', () => !closing && onLost(new Error('connection ended')));
  await client.connect();
  await client.query(`listen ${client.escapeIdentifier(channel)}`);
  return {
    close: async () => {
      closing = true;
      await client.end().catch(() => {});
    },
  };
}

/** The migrations this code knows that the database has not applied (readiness: none). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  return (await migrator.getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}

/** Runs every pending migration (the Migrator takes a database-level lock). */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) if (r.status === 'Error') console.error(`migration ${r.migrationName} failed`);
  if (error) throw error;
}
