import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Each objection and 复核 request names the 核查 / 复核 task it opened, so the task shows what it
// checks (written with the task in the same case change). Older rows are matched once by the task
// opened in the same change as the objection's audit entry.
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['objections', 'review_requests']) {
    await db.schema.alterTable(table).addColumn('task_id', 'text').execute();
    await db.schema.createIndex(`${table}_task_id`).on(table).column('task_id').execute();
  }
  for (const [table, step] of [
    ['objections', 'objection_check'],
    ['review_requests', 'review_request'],
  ])
    await sql`
      update ${sql.table(table!)} r set task_id = (
        select t.id from tasks t join notices n on n.case_type = t.case_type and n.case_id = t.case_id
        where n.id = r.notice_id and t.step = ${step} and t.created_at = r.created_at
        order by t.id limit 1)
      where r.task_id is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['objections', 'review_requests'])
    await db.schema.alterTable(table).dropColumn('task_id').execute();
}
