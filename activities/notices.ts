import type { Transaction } from 'kysely';
import type { Database, NoticeItemRow } from '../db/schema.js';
import type { CaseChange } from './caseChanges.js';

/** One published version of a list (公示). */
export interface NoticeRecord {
  id: string;
  seriesId: string;
  version: number;
  kind: string;
  title: string;
  status: string;
  startsAt: string;
  endsAt: string;
  reviewUntil: string | null;
  howToObject: string;
  items: NoticeItemRow[];
}
/** A written objection; the objector's identity is stored here and nowhere else. */
export interface ObjectionRecord {
  id: string;
  noticeId: string;
  seriesId: string;
  itemId: string;
  kind: 'person' | 'organization';
  realName: string | null;
  orgName: string | null;
  contactPerson: string | null;
  phone: string;
  email: string | null;
  content: string;
  sourceIp: string;
}
export interface ReviewRequestRecord {
  id: string;
  noticeId: string;
  seriesId: string;
  itemId: string;
  organizationId: string;
  requestedBy: string;
  content: string;
  reasons: string;
}

/** The notice part of a case change: list versions (a newer state never goes back), objections, requests, outcomes. */
export function noticeWrites(trx: Transaction<Database>, change: CaseChange) {
  const writes = (change.notices ?? []).map((n) => {
    const row = {
      id: n.id,
      series_id: n.seriesId,
      version: n.version,
      kind: n.kind,
      title: n.title,
      status: n.status,
      case_type: change.caseType,
      case_id: change.caseId,
      workflow_id: change.workflowId,
      starts_at: n.startsAt,
      ends_at: n.endsAt,
      review_until: n.reviewUntil,
      how_to_object: n.howToObject,
      items: JSON.stringify(n.items),
      updated_at: change.at,
    };
    return trx
      .insertInto('notices')
      .values(row)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          ends_at: eb.ref('excluded.ends_at'),
          review_until: eb.ref('excluded.review_until'),
          items: eb.ref('excluded.items'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      );
  });
  const o = change.objection;
  const r = change.reviewRequest;
  const d = change.decided;
  return [
    ...writes,
    o &&
      trx
        .insertInto('objections')
        .values({
          id: o.id,
          notice_id: o.noticeId,
          series_id: o.seriesId,
          item_id: o.itemId,
          kind: o.kind,
          real_name: o.realName,
          org_name: o.orgName,
          contact_person: o.contactPerson,
          phone: o.phone,
          email: o.email,
          content: o.content,
          status: 'checking',
          source_ip: o.sourceIp,
          // the 核查 task opened in the same change
          task_id: change.openTasks?.[0]?.id ?? null,
          created_at: change.at,
        })
        .onConflict((oc) => oc.column('id').doNothing()),
    r &&
      trx
        .insertInto('review_requests')
        .values({
          id: r.id,
          notice_id: r.noticeId,
          series_id: r.seriesId,
          item_id: r.itemId,
          organization_id: r.organizationId,
          requested_by: r.requestedBy,
          content: r.content,
          reasons: r.reasons,
          status: 'checking',
          task_id: change.openTasks?.[0]?.id ?? null,
          created_at: change.at,
        })
        .onConflict((oc) => oc.column('id').doNothing()),
    d &&
      trx
        .updateTable(d.table)
        .set({ status: d.status, outcome: d.outcome, decided_at: change.at })
        .where('id', '=', d.id),
  ];
}
