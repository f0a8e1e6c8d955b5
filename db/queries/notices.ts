import { sql } from 'kysely';
import type { Db } from '../index.js';

/**
 * An organisation's items on published lists it may ask a 复核 of (the list final, its window
 * open) or has asked one of, newest first, each with its request if filed.
 */
export async function reviewableItems(db: Db, organizationId: string) {
  const { rows } = await sql<{
    notice_id: string;
    title: string;
    review_until: Date | null;
    item_id: string;
    org_name: string;
    result: string;
    request_id: string | null;
    request_status: string | null;
    request_outcome: string | null;
  }>`
    select n.id as notice_id, n.title, n.review_until, item->>'id' as item_id, item->>'orgName' as org_name,
           item->>'result' as result, r.id as request_id, r.status as request_status, r.outcome as request_outcome
    from notices n
    cross join lateral jsonb_array_elements(n.items) item
    left join review_requests r on r.notice_id = n.id and r.item_id = item->>'id' and r.organization_id = ${organizationId}
    where item->>'organizationId' = ${organizationId}
      and (r.id is not null or (n.status = 'final' and n.review_until > now()))
    order by n.review_until desc nulls last
    limit 50`.execute(db);
  return rows;
}

/** Open notices, and those closed within the last 12 months (every version stays readable). */
export const publishedNotices = (db: Db) =>
  db
    .selectFrom('notices')
    .selectAll()
    .where((eb) => eb.or([eb('status', '=', 'open'), eb('ends_at', '>', sql<Date>`now() - interval '12 months'`)]));

export const publishedNotice = (db: Db, id: string) => publishedNotices(db).where('id', '=', id).executeTakeFirst();

/** A notice as an objection to it is checked against: its period and its items. */
export const noticeForObjection = (db: Db, id: string) =>
  db
    .selectFrom('notices')
    .select(['id', 'series_id', 'status', 'ends_at', 'workflow_id', 'items'])
    .where('id', '=', id)
    .executeTakeFirst();
/** The published list's own filter: a notice's title, or an organisation on it, containing the text. */
export const publishedNoticeFilters = {
  q: (qb: ReturnType<typeof publishedNotices>, v: unknown) =>
    qb.where((eb) =>
      eb.or([
        eb('title', 'ilike', `%${String(v)}%`),
        sql<boolean>`exists (select 1 from jsonb_array_elements(notices.items) i where i->>'orgName' ilike ${`%${String(v)}%`})`,
      ]),
    ),
};

/** A notice as a 复核 request is checked against: final, and its review window. */
export const noticeForReview = (db: Db, id: string) =>
  db
    .selectFrom('notices')
    .select(['id', 'series_id', 'workflow_id', 'status', 'review_until'])
    .where('id', '=', id)
    .executeTakeFirst();
