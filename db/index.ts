import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

// timestamptz as Date, bigint ids as strings (the default), numeric as number.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Db = Kysely<Database>;
const addresses = new WeakMap<Db, string>();

export function createDb(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection dropped by the server (restart, Ctrl-C reaching it first) is not fatal:
  // the pool replaces it on next use.
  pool.on('error', (err) => console.warn(`[db] idle connection lost: ${err.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  addresses.set(db, connectionString);
  return db;
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

/** Runs every pending migration (the Migrator takes a database-level lock). */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) if (r.status === 'Error') console.error(`migration ${r.migrationName} failed`);
  if (error) throw error;
}
