/**
 * Least privilege in PostgreSQL (等保三级). Two roles of the product's own:
 * - `kejin_owner` owns the database, its schema and every object: migrations run as it;
 * - `kejin_app` is what the API and the workers connect as: no superuser, no ownership, no DDL;
 *   it reads and writes the tables, may only INSERT and SELECT the audit trail and deletes
 *   nothing but spent idempotency keys and expired operation-log rows (the triggers that keep the audit trail append-only can
 *   only be lifted by the owner).
 * `prepareRoles` runs as a superuser (the embedded server's, compose's `migrate` job);
 * `grantAppRole` runs as the owner after each migration. Both may run again at every start.
 */
import { type Kysely, sql } from 'kysely';
import pg from 'pg';

export const OWNER_ROLE = 'kejin_owner';
export const APP_ROLE = 'kejin_app';
/**
 * The tables the application deletes from: a key whose request failed with 5xx is freed, and the
 * retention job removes operation-log rows past 180 days (a trigger refuses younger ones).
 */
const APP_DELETES = ['idempotency_keys', 'operation_log'];
/** Tables a trigger keeps from others (the open tasks' queue entries): the application only reads them. */
const DERIVED = ['task_queue'];

const withUser = (url: string, user: string, password: string) => {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
};

/**
 * As a superuser connected to the product's database: the two roles exist (with these passwords),
 * and the owner owns the database, the schema and everything in it (a database set up before
 * these roles, owned by the superuser, is handed over). Returns both roles' connection URLs.
 */
export async function prepareRoles(
  superUrl: string,
  passwords: { owner: string; app: string },
): Promise<{ ownerUrl: string; appUrl: string }> {
  const client = new pg.Client({ connectionString: superUrl });
  await client.connect();
  try {
    const database = (await client.query<{ db: string }>('select current_database() as db')).rows[0]!.db;
    for (const [role, password] of [
      [OWNER_ROLE, passwords.owner],
      [APP_ROLE, passwords.app],
    ] as const) {
      const exists = (await client.query('select 1 from pg_roles where rolname = $1', [role])).rowCount;
      const literal = client.escapeLiteral(password);
      await client.query(
        exists
          ? `alter role ${role} with login nosuperuser nocreatedb nocreaterole password ${literal}`
          : `create role ${role} with login nosuperuser nocreatedb nocreaterole password ${literal}`,
      );
    }
    await client.query(`alter database ${client.escapeIdentifier(database)} owner to ${OWNER_ROLE}`);
    await client.query(`alter schema public owner to ${OWNER_ROLE}`);
    const owned = await client.query<{ kind: string; name: string }>(
      `select case c.relkind when 'S' then 'sequence' when 'v' then 'view' else 'table' end as kind,
              quote_ident(c.relname) as name
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'S')
          and pg_get_userbyid(c.relowner) <> $1
          and not (c.relkind = 'S' and exists (select 1 from pg_depend d
                   where d.objid = c.oid and d.deptype in ('a', 'i')))
       union all
       select 'function', p.oid::regprocedure::text
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and pg_get_userbyid(p.proowner) <> $1`,
      [OWNER_ROLE],
    );
    for (const { kind, name } of owned.rows) await client.query(`alter ${kind} ${name} owner to ${OWNER_ROLE}`);
  } finally {
    await client.end();
  }
  return {
    ownerUrl: withUser(superUrl, OWNER_ROLE, passwords.owner),
    appUrl: withUser(superUrl, APP_ROLE, passwords.app),
  };
}

/** As the owner, after migrating: what the application role may do with each table. */
export async function grantAppRole(owner: Kysely<any>): Promise<void> {
  const database = await sql<{ db: string }>`select current_database() as db`.execute(owner);
  await sql`grant connect on database ${sql.id(database.rows[0]!.db)} to ${sql.id(APP_ROLE)}`.execute(owner);
  await sql`grant usage on schema public to ${sql.id(APP_ROLE)}`.execute(owner);
  await sql`revoke create on schema public from public`.execute(owner);
  await sql`grant select, insert, update on all tables in schema public to ${sql.id(APP_ROLE)}`.execute(owner);
  await sql`revoke delete, truncate on all tables in schema public from ${sql.id(APP_ROLE)}`.execute(owner);
  await sql`revoke update on audit_log from ${sql.id(APP_ROLE)}`.execute(owner);
  for (const table of DERIVED)
    await sql`revoke insert, update on ${sql.table(table)} from ${sql.id(APP_ROLE)}`.execute(owner);
  for (const table of APP_DELETES) await sql`grant delete on ${sql.table(table)} to ${sql.id(APP_ROLE)}`.execute(owner);
  await sql`grant usage, select on all sequences in schema public to ${sql.id(APP_ROLE)}`.execute(owner);
  await sql`grant execute on all functions in schema public to ${sql.id(APP_ROLE)}`.execute(owner);
}
