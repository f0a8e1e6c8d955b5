/**
 * The cluster topology (`npm run start:cluster`): the real Temporal server on PostgreSQL, two API
 * processes and two workers, each a process of its own. Requests are spread over both APIs; a
 * live feed on one hears a decision made through the other; a worker and an API are killed
 * (SIGKILL) in the middle of twenty keyed decisions, and the Temporal server in the middle of
 * another twenty: retried with their keys, every decision lands exactly once. Run by `.ci/run`
 * after `npm test` (`npm run test:cluster`): the server's first build takes minutes.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLUSTER, type PrivateProduct, startPrivateProduct } from '../../scripts/dev/product.js';
import { registerApplicant } from '../support/applicants.js';
import { buildApplication } from '../support/builders.js';
import { readEvents } from '../support/events.js';
import { faultKit, q, RECOMMEND } from '../support/faults.js';
import { alive, productClient } from '../support/product.js';

let product: PrivateProduct;
const log: string[] = [];
const api1 = productClient(() => product.apis[0]!.url);
const api2 = productClient(() => product.apis[1]!.url);
/** Each request to the next API in turn, as a load balancer spreads them. */
let turn = 0;
const spread: typeof api1.call = (...args) => (turn++ % 2 === 0 ? api1 : api2).call(...args);
const { until, claimedCase, retryUntilAnswered, recorded, holdLock, waitingWrites } = faultKit(
  () => product,
  spread,
  log,
);
const PDF = new Blob([Buffer.from('%PDF-1.4\n% 异议书\n%%EOF\n')], { type: 'application/pdf' });

beforeAll(async () => {
  product = await startPrivateProduct('cluster', (m) => log.push(m), {}, CLUSTER);
}, 900_000);
afterAll(() => product?.dispose(), 120_000);

/** Every process of the topology runs and answers again (each test starts from a whole cluster). */
async function whole() {
  for (const c of [api1, api2])
    await until('an API answers', async () => (await c.call('GET', '/readyz')).status === 200, 120);
  for (const w of product.workers) await until('a worker runs', async () => alive(w.service.pid() ?? -1), 120);
}
/** A burst of keyed decisions on claimed cases, half through each API. */
async function burstOf(n: number) {
  const cases = [];
  for (let i = 0; i < n; i++) cases.push({ ...(await claimedCase()), key: randomUUID() });
  return cases;
}
/** After the fault: each keyed decision retried until answered, and recorded exactly once. */
async function landedOnce(cases: { id: string; taskId: string; key: string }[]) {
  for (const c of cases) {
    const { res, seen } = await retryUntilAnswered(c.taskId, c.key);
    expect(res.status, `retries answered ${seen.join(',')}`).toBe(200);
    expect(res.body.status).toBe('provincial_review');
    expect(await recorded(c.id, 'application.recommended')).toBe(1);
    const open = await product.db
      .selectFrom('tasks')
      .select('step')
      .where('case_id', '=', c.id)
      .where('status', '=', 'open')
      .execute();
    expect(open.map((t) => t.step)).toEqual(['provincial_review']);
  }
}

describe('the cluster topology', () => {
  beforeEach(whole, 150_000);

  it('runs on the Temporal server with PostgreSQL persistence, two APIs and two workers', async () => {
    expect(product.temporalServer).toBeDefined();
    expect(product.apis).toHaveLength(2);
    expect(product.workers).toHaveLength(2);
    const system = await product.client.workflowService.getSystemInfo({});
    expect(system.serverVersion).toBe('1.30.4');
    // Temporal's own tables are in PostgreSQL beside Kejin's
    const { rows } = await sql<{ datname: string }>`select datname from pg_database
      where datname like 'temporal%' order by datname`.execute(product.db);
    expect(rows.map((r) => r.datname)).toEqual(['temporal', 'temporal_visibility']);
  });

  it('carries an admission through recommendation, provincial review and 公示 with an objection, over both APIs; a feed on one hears the other', async () => {
    const data = buildApplication();
    const applicant = await registerApplicant(product.db, data);
    const created = await api1.call('POST', '/api/applications', { as: applicant, body: data });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await api2.call('POST', `/api/applications/${id}/submit`, { as: applicant })).status).toBe(200);
    // the Provincial Center watches through API #2 while the city recommends through API #1
    const bearer = `Bearer ${await api2.token('province_reviewer')}`;
    const feed = await readEvents(
      (signal) => fetch(`${product.apis[1]!.url}/api/events`, { headers: { Authorization: bearer }, signal }),
      'province_reviewer',
    );
    try {
      const [municipal] = (
        await api1.call('GET', `/api/tasks?filter=${q({ caseId: id, status: 'open' })}`, { as: 'gz_reviewer' })
      ).body;
      const decidedAt = Date.now();
      expect(
        (await api1.call('POST', `/api/tasks/${municipal.id}/complete`, { as: 'gz_reviewer', body: RECOMMEND })).body
          .status,
      ).toBe('provincial_review');
      const heard = await feed.next(
        (h) => h.event === 'case' && h.data.caseId === id && h.data.action === 'application.recommended',
      );
      expect(heard, 'API #2 hears the decision made through API #1').toBeDefined();
      expect(heard!.at - decidedAt).toBeLessThan(1_000);
    } finally {
      await feed.close();
    }
    const [provincial] = (
      await api2.call('GET', `/api/tasks?filter=${q({ caseId: id, status: 'open' })}`, { as: 'province_reviewer' })
    ).body;
    const approved = await api2.call('POST', `/api/tasks/${provincial.id}/complete`, {
      as: 'province_reviewer',
      body: { decision: 'approve', comment: '同意纳入' },
    });
    expect(approved.body.status).toBe('public_notice');
    // a written objection from the public board, through API #1
    const board = await api1.call('GET', `/api/public/notices?filter=${q({ q: data.orgName })}`);
    const notice = board.body.find((n: { items: { orgName: string }[] }) =>
      n.items.some((i) => i.orgName === data.orgName),
    );
    const form = new FormData();
    for (const [k, v] of Object.entries({
      kind: 'person',
      itemId: id,
      content: '服务团队与申报不符',
      phone: '13912345678',
      email: 'objector@example.cn',
      realName: '李四',
    }))
      form.set(k, v);
    form.set('letter', PDF, '异议书.pdf');
    const objected = await fetch(`${product.apis[0]!.url}/api/public/notices/${notice.id}/objections`, {
      method: 'POST',
      body: form,
    });
    expect(objected.status).toBe(201);
    // checked through API #2, and dismissed: the list stands, the notice runs to its end
    let check: { id: string } | undefined;
    await until('the 核查 task opens', async () => {
      check = (
        await api2.call('GET', `/api/tasks?filter=${q({ caseId: id, status: 'open', step: 'objection_check' })}`, {
          as: 'province_reviewer',
        })
      ).body[0];
      return check !== undefined;
    });
    const dismissed = await api2.call('POST', `/api/tasks/${check!.id}/complete`, {
      as: 'province_reviewer',
      body: { decision: 'reject', comment: '经核查，异议不成立' },
    });
    expect(dismissed.status).toBe(200);
    const trail = async () =>
      (await api1.call('GET', `/api/applications/${id}/history`, { as: 'auditor' })).body as {
        audit: { action: string }[];
        chain: { firstBreak: unknown };
      };
    await until('the dismissal is recorded', async () =>
      (await trail()).audit.some((e) => e.action === 'notice.objection_dismissed'),
    );
    const history = { body: await trail() };
    expect(history.body.audit.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'application.submitted',
        'application.recommended',
        'application.approved_for_notice',
        'notice.objection_filed',
        'notice.objection_dismissed',
      ]),
    );
    expect(history.body.chain.firstBreak).toBeNull();
    expect((await api2.call('GET', `/api/applications/${id}`, { as: 'auditor' })).body.status).toBe('public_notice');
  }, 180_000);

  it('loses and doubles nothing when a worker (inside its activity) and an API are killed mid-burst of twenty keyed decisions', async () => {
    const cases = await burstOf(20);
    const lock = await holdLock('audit_log');
    // half through each API; every one held at its audit write, inside the worker's activity
    const burst = cases.map((c, i) =>
      (i % 2 === 0 ? api1 : api2).call('POST', `/api/tasks/${c.taskId}/complete`, {
        as: 'gz_reviewer',
        body: RECOMMEND,
        key: c.key,
      }),
    );
    const worker = product.workers[0]!.service.pid()!;
    const api = product.apis[0]!.service.pid()!;
    try {
      await until('decisions are inside their activities', async () => (await waitingWrites('audit_log')) > 0);
      process.kill(worker, 'SIGKILL');
      process.kill(api, 'SIGKILL');
    } finally {
      await lock.release();
    }
    const cut = await Promise.all(burst);
    expect(
      cut.some((r) => r.status === 0),
      'requests to the killed API were cut off',
    ).toBe(true);
    await until(
      'both come back',
      async () => product.workers[0]!.service.pid() !== worker && product.apis[0]!.service.pid() !== api,
    );
    await whole();
    await landedOnce(cases);
  }, 600_000);

  it('loses and doubles nothing when the Temporal server is killed and started again mid-burst', async () => {
    const cases = await burstOf(20);
    const server = product.temporalServer!;
    const before = server.pid();
    const burst = cases.map((c, i) =>
      (i % 2 === 0 ? api1 : api2).call('POST', `/api/tasks/${c.taskId}/complete`, {
        as: 'gz_reviewer',
        body: RECOMMEND,
        key: c.key,
      }),
    );
    await new Promise((r) => setTimeout(r, 150));
    server.kill();
    const during = await Promise.all(burst);
    for (const r of during) {
      expect([0, 200, 503]).toContain(r.status);
      if (r.status === 200) expect(r.body.status).toBe('provincial_review');
    }
    await server.restart();
    expect(server.pid()).not.toBe(before);

    await landedOnce(cases);
  }, 600_000);
});
