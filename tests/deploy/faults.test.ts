/**
 * Faults on the real parts (issue 11): a whole product of its own (embedded PostgreSQL, the
 * Temporal dev server, the API and the worker as separate supervised processes), and processes
 * really killed while they work. Each decision lands exactly once; each keyed retry answers with
 * the decision's own result.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TASK_QUEUE } from '../../workflows/names.js';
import { payout } from '../../workflows/payout.js';
import { buildPayout } from '../support/builders.js';
import { insertSubCenter } from '../support/evaluationDriver.js';
import { faultKit, q, RECOMMEND } from '../support/faults.js';
import { alive, type PrivateProduct, productClient, type Reply, startPrivateProduct } from '../support/product.js';

let product: PrivateProduct;
const log: string[] = [];
const { call } = productClient(() => product.apiUrl);

beforeAll(async () => {
  product = await startPrivateProduct('faults', (m) => log.push(m));
}, 180_000);
afterAll(() => product?.dispose(), 60_000);

const { until, claimedCase, retryUntilAnswered, recorded, holdLock, waitingWrites } = faultKit(
  () => product,
  call,
  log,
);

describe('faults on the real parts', () => {
  // the tests run in any order: each starts once the product is whole again after the fault before
  beforeEach(async () => {
    await until('the API answers', async () => (await call('GET', '/api/health')).status === 200, 120);
    await until('the worker runs', async () => alive(product.worker.pid() ?? -1), 120);
  }, 150_000);

  it('the worker is killed (SIGKILL) inside recordCaseChange: the decision is recorded once', async () => {
    const { id, taskId } = await claimedCase();
    const lock = await holdLock('audit_log');
    const key = randomUUID();
    const first = call('POST', `/api/tasks/${taskId}/complete`, { as: 'gz_reviewer', body: RECOMMEND, key });
    const worker = product.worker.pid()!;
    try {
      await until('the worker writes the decision', async () => (await waitingWrites('audit_log')) > 0);
      process.kill(worker, 'SIGKILL');
      await until('the worker is gone', async () => !alive(worker));
    } finally {
      await lock.release();
    }
    await until('a new worker runs', async () => product.worker.pid() !== worker);
    const answered = await first;
    const { res } = answered.status === 200 ? { res: answered } : await retryUntilAnswered(taskId, key);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('provincial_review');
    expect(await recorded(id, 'application.recommended')).toBe(1);
    const history = await call('GET', `/api/applications/${id}/history`, { as: 'auditor' });
    expect(history.body.chain.firstBreak).toBeNull();
  }, 180_000);

  it('the worker is killed (SIGKILL) inside the payment activity: paid once', async () => {
    const sc = await insertSubCenter(product.db, { name: '故障测试中心', admittedAt: '2026-01-05T00:00:00+08:00' });
    const { workflowId, input } = buildPayout(sc, '故障测试中心', { amount: 80_000, budget: 100_000 });
    await product.client.workflow.start(payout, { workflowId, taskQueue: TASK_QUEUE, args: [input] });
    let taskId = '';
    await until('the finance task opens', async () => {
      const tasks = await call('GET', `/api/tasks?filter=${q({ caseId: workflowId, status: 'open' })}`, {
        as: 'finance1',
      });
      taskId = tasks.body?.[0]?.id ?? '';
      return taskId !== '';
    });
    await call('POST', `/api/tasks/${taskId}/claim`, { as: 'finance1' });
    const lock = await holdLock('payment_instructions');
    try {
      const approve = { as: 'finance1', body: { decision: 'approve', comment: '同意拨付' }, key: randomUUID() };
      void call('POST', `/api/tasks/${taskId}/complete`, approve);
      await until('the worker writes the payment', async () => (await waitingWrites('payment_instructions')) > 0);
      const worker = product.worker.pid()!;
      process.kill(worker, 'SIGKILL');
      await until('the worker is gone', async () => !alive(worker));
      await lock.release();
      // the finance officer's keyed request, retried, answers with the approval
      let answer: Reply;
      await until('the approval is answered', async () => {
        answer = await call('POST', `/api/tasks/${taskId}/complete`, approve);
        return answer.status === 200;
      });
      expect(answer!.body.status).toBe('paid');
    } finally {
      await lock.release();
    }
    await until('the payout is paid', async () => {
      const row = await product.db
        .selectFrom('payouts')
        .select('status')
        .where('id', '=', workflowId)
        .executeTakeFirst();
      return row?.status === 'paid';
    });
    const payments = await product.db
      .selectFrom('payment_instructions')
      .selectAll()
      .where('payout_id', '=', workflowId)
      .execute();
    expect(payments).toHaveLength(1);
    expect(Number(payments[0]!.amount)).toBe(80_000);
    expect(await recorded(workflowId, 'payout.paid')).toBe(1);
  }, 180_000);

  it('the API is killed (SIGKILL) during a burst of keyed decisions: each retry answers its decision, made once', async () => {
    const cases = [];
    for (let i = 0; i < 8; i++) cases.push({ ...(await claimedCase()), key: randomUUID() });
    // the decisions are held at their audit write, so the kill lands while every one is in flight
    const lock = await holdLock('audit_log');
    const burst = cases.map((c) =>
      call('POST', `/api/tasks/${c.taskId}/complete`, { as: 'gz_reviewer', body: RECOMMEND, key: c.key }),
    );
    try {
      await until('the decisions are under way', async () => (await waitingWrites('audit_log')) > 0);
      process.kill(product.api.pid()!, 'SIGKILL');
    } finally {
      await lock.release();
    }
    const cut = await Promise.all(burst);
    expect(
      cut.some((r) => r.status === 0),
      'some requests were cut off by the kill',
    ).toBe(true);
    await until('the API is back', async () => (await call('GET', '/api/health')).status === 200);
    for (const c of cases) {
      const { res, seen } = await retryUntilAnswered(c.taskId, c.key);
      expect(res.status, `retries answered ${seen.join(',')}`).toBe(200);
      expect(res.body.status).toBe('provincial_review');
      expect(seen, 'a restarted API does not hold its predecessor’s requests').not.toContain(409);
      expect(await recorded(c.id, 'application.recommended')).toBe(1);
    }
  }, 240_000);

  it('the Temporal dev server is killed with a burst of decisions in flight: it is started again and no decision is lost or doubled', async () => {
    const cases = [];
    for (let i = 0; i < 6; i++) cases.push({ ...(await claimedCase()), key: randomUUID() });
    const temporalPid = () =>
      (JSON.parse(readFileSync(join(product.dataDir, 'run', 'temporal.pid'), 'utf8')) as { pid: number }).pid;
    const server = temporalPid();
    // the worker is stopped, so no decision can be answered: every request is in flight, its
    // Update sent to the server, when the server is killed
    const worker = product.worker.pid()!;
    process.kill(worker, 'SIGSTOP');
    let answered = 0;
    const burst = cases.map((c) =>
      call('POST', `/api/tasks/${c.taskId}/complete`, { as: 'gz_reviewer', body: RECOMMEND, key: c.key }).then((r) => {
        answered++;
        return r;
      }),
    );
    try {
      await new Promise((r) => setTimeout(r, 1500));
      expect(answered, 'no decision is answered before the kill').toBe(0);
      process.kill(server, 'SIGKILL');
    } finally {
      process.kill(worker, 'SIGCONT');
    }
    const during = await Promise.all(burst);
    // each answered now was decided (and says so), or is answered by a retry below
    for (const r of during) {
      expect([0, 200, 503]).toContain(r.status);
      if (r.status === 200) expect(r.body.status).toBe('provincial_review');
    }
    await until('a new dev server runs', async () => temporalPid() !== server && alive(temporalPid()), 60);
    for (const c of cases) {
      const { res, seen } = await retryUntilAnswered(c.taskId, c.key);
      expect(res.status, `retries answered ${seen.join(',')}`).toBe(200);
      expect(res.body.status).toBe('provincial_review');
      expect(await recorded(c.id, 'application.recommended')).toBe(1);
    }
    expect(log.join('\n')).toContain('the Temporal dev server exited; starting it again');
  }, 240_000);

  it('PostgreSQL stops for a few seconds: 503 with Retry-After, then the API recovers by itself', async () => {
    expect((await call('GET', '/api/tasks', { as: 'gz_reviewer' })).status).toBe(200);
    await product.postgres!.stop();
    const away = await call('GET', '/api/tasks', { as: 'gz_reviewer' });
    expect(away.status).toBe(503);
    expect(away.headers.get('Retry-After')).toBe('5');
    expect(away.body.message).toContain('数据库暂不可用');
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await call('GET', '/api/tasks', { as: 'gz_reviewer' })).status).toBe(503);
    await product.postgres!.start();
    await until(
      'the API answers again',
      async () => (await call('GET', '/api/tasks', { as: 'gz_reviewer' })).status === 200,
      60,
    );
    const { id, taskId } = await claimedCase();
    const { res } = await retryUntilAnswered(taskId, randomUUID());
    expect(res.body.status).toBe('provincial_review');
    expect(await recorded(id, 'application.recommended')).toBe(1);
  }, 180_000);

  it('stopping the API (Ctrl-C) drains the decisions in flight: each is answered 200', async () => {
    const cases = [];
    for (let i = 0; i < 4; i++) cases.push({ ...(await claimedCase()), key: randomUUID() });
    const lock = await holdLock('audit_log');
    const inFlight = cases.map((c) =>
      call('POST', `/api/tasks/${c.taskId}/complete`, { as: 'gz_reviewer', body: RECOMMEND, key: c.key }),
    );
    let stopping: Promise<void>;
    try {
      await until(
        'every decision reached its workflow',
        async () => (await waitingWrites('audit_log')) === cases.length,
      );
      stopping = product.api.stop();
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await lock.release();
    }
    const answers = await Promise.all(inFlight);
    await stopping!;
    expect(answers.map((a) => a.status)).toEqual(cases.map(() => 200));
    for (const c of cases) expect(await recorded(c.id, 'application.recommended')).toBe(1);
    expect((await call('GET', '/api/health')).status).toBe(0);
    product.api.resume(); // the next test finds the product whole
  }, 180_000);
});
