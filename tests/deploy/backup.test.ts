/**
 * Backup and restore (issue 11): `npm run backup` of a product with a case in flight, `npm run
 * restore` into a fresh data directory, and the restored product reads every case, task and
 * audit chain as before — and carries the case on (its workflow came back with Temporal's data).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../scripts/config.js';
import { DEMO_PASSWORD, demoOtp, seedDemoUsers } from '../../scripts/demoUsers.js';
import { type Product, startProduct } from '../../scripts/product.js';
import { privateProductEnv } from '../../scripts/stack.js';
import { buildApplication } from '../support/builders.js';

const root = resolve(import.meta.dirname, '..', '..');
const dirs = [mkdtempSync(join(tmpdir(), 'kejin-backup-a-')), mkdtempSync(join(tmpdir(), 'kejin-backup-b-'))];
const archive = join(mkdtempSync(join(tmpdir(), 'kejin-archive-')), 'kejin.tar.gz');
const running: Product[] = [];
afterAll(async () => {
  for (const p of running) await p.stop();
  for (const d of [...dirs, join(archive, '..')]) rmSync(d, { recursive: true, force: true });
}, 60_000);

/** `npm run backup|restore` as a person runs it, against a data directory. */
const npmRun = (script: 'backup' | 'restore', dataDir: string, arg: string) =>
  spawnSync('npm', ['run', '--silent', script, '--', arg], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  });

function client(product: Product) {
  const tokens = new Map<string, string>();
  const call = async (username: string, method: string, path: string, body?: unknown) => {
    if (!tokens.has(username)) {
      const res = await fetch(`${product.apiUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD, otp: demoOtp(username) }),
      });
      tokens.set(username, ((await res.json()) as { token: string }).token);
    }
    const res = await fetch(product.apiUrl + path, {
      method,
      headers: { Authorization: `Bearer ${tokens.get(username)}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  return call;
}
const q = (filter: object) => encodeURIComponent(JSON.stringify(filter));

describe('backup and restore', () => {
  it('restores every case, task and audit chain into a fresh data directory, and the cases go on', async () => {
    const envA = await privateProductEnv(dirs[0]!);
    const first = await startProduct(loadConfig({ ...process.env, ...envA }), () => {});
    running.push(first);
    await seedDemoUsers(first.db);
    const a = client(first);
    const created = await a('applicant1', 'POST', '/api/applications', buildApplication());
    const id = created.body.id as string;
    expect((await a('applicant1', 'POST', `/api/applications/${id}/submit`)).status).toBe(200);
    const [task] = (await a('gz_reviewer', 'GET', `/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body;
    await a('gz_reviewer', 'POST', `/api/tasks/${task.id}/claim`);
    const decided = await a('gz_reviewer', 'POST', `/api/tasks/${task.id}/complete`, {
      decision: 'approve',
      comment: '同意推荐',
    });
    expect(decided.body.status).toBe('provincial_review');
    const before = {
      application: (await a('auditor', 'GET', `/api/applications/${id}`)).body,
      tasks: (await a('auditor', 'GET', `/api/tasks?filter=${q({ caseId: id })}`)).body,
      history: (await a('auditor', 'GET', `/api/applications/${id}/history`)).body,
    };
    expect(before.history.chain.intact).toBe(true);

    // a backup while Kejin runs is refused: both stores must be still
    const refused = npmRun('backup', dirs[0]!, archive);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr + refused.stdout).toContain('already running');
    await first.stop();
    running.pop();

    const taken = npmRun('backup', dirs[0]!, archive);
    expect(taken.status, taken.stderr).toBe(0);
    expect(existsSync(archive)).toBe(true);
    const restored = npmRun('restore', dirs[1]!, archive);
    expect(restored.status, restored.stderr).toBe(0);

    const envB = { ...(await privateProductEnv(dirs[1]!)), JWT_SECRET: envA.JWT_SECRET, AUDIT_KEY: envA.AUDIT_KEY };
    const second = await startProduct(loadConfig({ ...process.env, ...envB }), () => {});
    running.push(second);
    const b = client(second);
    expect((await b('auditor', 'GET', `/api/applications/${id}`)).body).toEqual(before.application);
    expect((await b('auditor', 'GET', `/api/tasks?filter=${q({ caseId: id })}`)).body).toEqual(before.tasks);
    const history = (await b('auditor', 'GET', `/api/applications/${id}/history`)).body;
    expect(history.audit).toEqual(before.history.audit);
    expect(history.chain).toEqual({ intact: true, firstBreak: null });

    // the workflow came back too: the Provincial Center takes the next step
    const [next] = (await b('province_reviewer', 'GET', `/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body;
    expect(next.step).toBe('provincial_review');
    await b('province_reviewer', 'POST', `/api/tasks/${next.id}/claim`);
    const approved = await b('province_reviewer', 'POST', `/api/tasks/${next.id}/complete`, {
      decision: 'approve',
      comment: '同意纳入',
    });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('public_notice');
  }, 300_000);
});
