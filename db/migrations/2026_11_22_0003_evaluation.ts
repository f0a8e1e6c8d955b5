import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // Tasks of a sub-center (self-report, statement, rectification) are scoped to its organisation.
  await db.schema.alterTable('tasks').addColumn('organization_id', 'text').execute();
  await db.schema.alterTable('sub_centers').addColumn('revoked_at', 'timestamptz').execute();
  await db.schema.alterTable('sub_centers').addColumn('revocation_reason', 'text').execute();

  // Read models written by the evaluation, revocation and payout workflows: searchable columns
  // plus the full view in `body`; `version` keeps a late write from overwriting a newer one.
  const caseTable = (name: string, extra: (t: any) => any) =>
    extra(
      db.schema
        .createTable(name)
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('body', 'jsonb', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull()),
    ).execute();

  await caseTable('evaluation_rounds', (t) =>
    t.addColumn('year', 'integer', (c: any) => c.notNull()).addColumn('system', 'text', (c: any) => c.notNull()),
  );
  await caseTable('evaluations', (t) =>
    t
      .addColumn('round_id', 'text', (c: any) => c.notNull())
      .addColumn('year', 'integer', (c: any) => c.notNull())
      .addColumn('sub_center_id', 'text', (c: any) => c.notNull())
      .addColumn('sub_center_name', 'text', (c: any) => c.notNull())
      .addColumn('organization_id', 'text')
      .addColumn('city', 'text', (c: any) => c.notNull())
      .addColumn('system', 'text', (c: any) => c.notNull())
      .addColumn('category', 'text', (c: any) => c.notNull())
      .addColumn('current_step', 'text')
      .addColumn('grade', 'text')
      .addColumn('total_score', 'double precision'),
  );
  await caseTable('revocations', (t) =>
    t
      .addColumn('sub_center_id', 'text', (c: any) => c.notNull())
      .addColumn('sub_center_name', 'text', (c: any) => c.notNull())
      .addColumn('organization_id', 'text')
      .addColumn('city', 'text', (c: any) => c.notNull())
      .addColumn('trigger', 'text', (c: any) => c.notNull()),
  );
  await caseTable('payouts', (t) =>
    t
      .addColumn('source', 'text', (c: any) => c.notNull())
      .addColumn('source_id', 'text', (c: any) => c.notNull())
      .addColumn('sub_center_id', 'text', (c: any) => c.notNull())
      .addColumn('sub_center_name', 'text', (c: any) => c.notNull())
      .addColumn('organization_id', 'text')
      .addColumn('year', 'integer', (c: any) => c.notNull())
      .addColumn('amount', 'bigint', (c: any) => c.notNull()),
  );

  // One payment instruction per payout, ever: the primary key is the payout's workflow ID.
  await db.schema
    .createTable('payment_instructions')
    .addColumn('payout_id', 'text', (c) => c.primaryKey())
    .addColumn('budget_key', 'text', (c) => c.notNull())
    .addColumn('sub_center_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
