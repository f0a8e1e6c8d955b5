import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Whom a user stands in for (代理) is read with the session on every request: an index of the
// few users who name a proxy makes that a probe instead of a scan of all users.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index users_proxy on users (proxy_username) where proxy_username is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index users_proxy`.execute(db);
}
