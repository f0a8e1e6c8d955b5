import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// 代理 is offered by the absent reviewer and accepted by the stand-in: until accepted it carries
// no authority. Stand-ins named before are not accepted (they were named without consent, and
// without the rules of who may stand in): the stand-in accepts them again, or the absent names another.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('proxy_accepted_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('proxy_accepted_at').execute();
}
