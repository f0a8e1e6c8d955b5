/** What an operator watches (api/observability.ts): the work queue and the mail outbox, read when scraped. */
import { sql } from 'kysely';
import type { Db } from '../index.js';

/** Open and overdue tasks by process and step. */
export async function taskFigures(db: Db) {
  const rows = await db
    .selectFrom('tasks')
    .select([
      'case_type',
      'step',
      sql<number>`count(*)::int`.as('open'),
      sql<number>`(count(*) filter (where due_at < now()))::int`.as('overdue'),
    ])
    .where('status', '=', 'open')
    .groupBy(['case_type', 'step'])
    .execute();
  return rows.map((r) => ({ caseType: r.case_type, step: r.step, open: r.open, overdue: r.overdue }));
}

/** The mail outbox (waiting, the oldest's age, failed for good) and the incidents not yet resolved. */
export async function outboxFigures(db: Db) {
  const [mail, incidents] = await Promise.all([
    db
      .selectFrom('notifications')
      .select([
        sql<number>`(count(*) filter (where sent_at is null and failed_at is null))::int`.as('pending'),
        sql<number>`coalesce(extract(epoch from now() - min(created_at) filter (where sent_at is null and failed_at is null)), 0)::float8`.as(
          'oldestSeconds',
        ),
        sql<number>`(count(*) filter (where failed_at is not null))::int`.as('failed'),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('incidents')
      .select(sql<number>`count(*)::int`.as('open'))
      .where('status', '!=', 'resolved')
      .executeTakeFirstOrThrow(),
  ]);
  return { ...mail, incidents: incidents.open };
}
