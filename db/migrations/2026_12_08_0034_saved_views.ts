import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Saved views of a list (the task center's filters and sort under a name), a person's own or shared
// with the colleagues of one of their roles. A view is never deleted: it is archived.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table saved_views (
    id uuid primary key default gen_random_uuid(),
    owner text not null references users (username),
    resource text not null check (resource ~ '^[a-z][a-z-]{1,40}$'),
    name text not null check (char_length(name) between 1 and 60),
    params jsonb not null check (jsonb_typeof(params) = 'object' and pg_column_size(params) <= 8192),
    shared_role text,
    created_at timestamptz not null default now(),
    archived_at timestamptz
  )`.execute(db);
  await sql`create unique index saved_views_name on saved_views (owner, resource, name) where archived_at is null`.execute(
    db,
  );
  await sql`create index saved_views_shared on saved_views (resource, shared_role) where archived_at is null and shared_role is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table saved_views`.execute(db);
}
