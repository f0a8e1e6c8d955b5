/** A person's own numbers and lists in the task center (api/routes/me.ts). */
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Actor } from '../../domain/roles.js';
import type { Db } from '../index.js';
import type { Database } from '../schema.js';

// biome-ignore lint/suspicious/noExplicitAny: any table's rows are counted alike
const count = async (qb: SelectQueryBuilder<Database, any, object>) =>
  Number((await qb.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

/** Applications the person's organisation (or the person) started. */
const ownApplications = (db: Db, actor: Actor) =>
  db
    .selectFrom('applications')
    .where((eb) =>
      eb.or([
        eb('created_by', '=', actor.id),
        ...(actor.organizationId ? [eb('organization_id', '=', actor.organizationId)] : []),
      ]),
    );

/** 需要我补正 / 我发起的: the organisation's applications waiting for a supplement, and all it started. */
export const applicantCounts = (db: Db, actor: Actor) =>
  Promise.all([
    count(ownApplications(db, actor).where('status', '=', 'supplement_requested')),
    count(ownApplications(db, actor)),
  ]);
/** 已办: tasks the person decided. */
export const decidedCount = (db: Db, username: string) =>
  count(db.selectFrom('tasks').where('completed_by', '=', username));
/** 抄送我的: cases copied to the person. */
export const copiedCount = (db: Db, username: string) =>
  count(db.selectFrom('case_cc').where('username', '=', username));

/** The cases copied to the person, each with its title (the organisation's name, or the task's). */
export const copiedCases = (db: Db, username: string) =>
  db
    .selectFrom('case_cc')
    .where('case_cc.username', '=', username)
    .select([
      'case_cc.case_type',
      'case_cc.case_id',
      'case_cc.created_at',
      sql<string>`coalesce((select org_name from applications a where a.id = case_cc.case_id), (select sub_center_name from evaluations e where e.id = case_cc.case_id),
          (select sub_center_name from revocations r where r.id = case_cc.case_id), (select sub_center_name from payouts p where p.id = case_cc.case_id),
          (select title from competition_tasks t where t.id = case_cc.case_id), case_cc.case_id)`.as('title'),
    ]);
