import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// The organisations registry: every account's organisation is registered, with its unified
// social credit code once it is known (unique: a code belongs to one organisation). Accounts of
// organisations not yet registered get a registry row from their own name and city.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.unique())
    .addColumn('city', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into organizations (id, name, city)
    select organization_id, min(display_name), min(city) from users
     where organization_id is not null group by organization_id`.execute(db);
  await sql`alter table users add constraint users_organization_registered
    foreign key (organization_id) references organizations (id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop constraint users_organization_registered`.execute(db);
  await db.schema.dropTable('organizations').execute();
}
