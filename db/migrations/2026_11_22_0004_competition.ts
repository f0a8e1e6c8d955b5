import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  const caseTable = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('body', 'jsonb', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull());
  await caseTable('competition_tasks')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .execute();
  await caseTable('bids')
    .addColumn('competition_id', 'text', (c) => c.notNull())
    .addColumn('sub_center_id', 'text', (c) => c.notNull())
    .addColumn('sub_center_name', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text')
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('requested_amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bids_competition').on('bids').column('competition_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
