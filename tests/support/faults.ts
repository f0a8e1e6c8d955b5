/**
 * What the fault tests share (tests/deploy/faults.test.ts, tests/cluster/cluster.test.ts): a case
 * claimed by the 广州 bureau, keyed decisions retried as a client would, table locks that hold an
 * activity mid-transaction, and counts of what the audit trail recorded.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { expect } from 'vitest';
import type { Product } from '../../scripts/dev/product.js';
import { registerApplicant } from './applicants.js';
import { buildApplication } from './builders.js';
import type { productClient } from './product.js';

type Call = ReturnType<typeof productClient>['call'];
export const q = (filter: object) => encodeURIComponent(JSON.stringify(filter));
export const RECOMMEND = { decision: 'approve', comment: '同意推荐' };

export function faultKit(product: () => Product, call: Call, log: string[]) {
  const until = async (what: string, check: () => Promise<boolean>, seconds = 90) => {
    const end = Date.now() + seconds * 1000;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out: ${what}\n${log.slice(-10).join('\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  /** An application the 广州 bureau has claimed: its id and its open task's id. */
  async function claimedCase() {
    const data = buildApplication();
    const applicant = await registerApplicant(product().db, data);
    const created = await call('POST', '/api/applications', { as: applicant, body: data });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call('POST', `/api/applications/${id}/submit`, { as: applicant })).status).toBe(200);
    const tasks = await call('GET', `/api/tasks?filter=${q({ caseId: id, status: 'open' })}`, { as: 'gz_reviewer' });
    const taskId = tasks.body[0].id as string;
    expect((await call('POST', `/api/tasks/${taskId}/claim`, { as: 'gz_reviewer' })).status).toBe(200);
    return { id, taskId };
  }
  /**
   * Sends a keyed decision again and again (as a client would) until it has an answer that is
   * neither 5xx nor 409 "in progress" (the same request still running: retried after a while).
   */
  async function retryUntilAnswered(taskId: string, key: string, via: Call = call) {
    const seen: number[] = [];
    for (;;) {
      const res = await via('POST', `/api/tasks/${taskId}/complete`, { as: 'gz_reviewer', body: RECOMMEND, key });
      seen.push(res.status);
      if (res.status !== 0 && res.status < 500 && res.status !== 409) return { res, seen };
      if (seen.length > 300) throw new Error(`no answer for ${key}: ${seen.join(',')}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  /** How often this action is in the case's audit trail. */
  async function recorded(caseId: string, action: string) {
    const rows = await product()
      .db.selectFrom('audit_log')
      .select('id')
      .where('case_id', '=', caseId)
      .where('action', '=', action)
      .execute();
    return rows.length;
  }
  /** Holds a table lock in a transaction of its own, so that writes to the table wait mid-transaction. */
  async function holdLock(table: 'audit_log' | 'payment_instructions') {
    // the owner (the application role may not lock the append-only audit trail this way)
    const client = new pg.Client({ connectionString: product().ownerUrl });
    client.on('error', () => {}); // a failed test's lock ends with the server
    await client.connect();
    await client.query('begin');
    await client.query(`lock table ${table} in share mode`);
    return {
      release: async () => {
        await client.query('rollback').catch(() => {});
        await client.end().catch(() => {});
      },
    };
  }
  /**
   * Writers of `table` waiting for a lock right now: the worker's activities, mid-transaction (at
   * a write to the table, or at the audit chain's head before it).
   */
  const waitingWrites = async (table: string) => {
    const head = table === 'audit_log' ? '%from "audit_chain_head"%' : '';
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity a
        where a.wait_event_type = 'Lock' and a.state = 'active'
          and (a.query ilike ${head} or exists (select 1 from pg_locks l
            where l.pid = a.pid and not l.granted and l.relation = ${table}::regclass))`.execute(product().db);
    return rows[0]!.n;
  };
  return { until, claimedCase, retryUntilAnswered, recorded, holdLock, waitingWrites };
}
