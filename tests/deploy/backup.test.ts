/**
 * Backup and restore (issue 11): `npm run backup` of a product with a case in flight, `npm run
 * restore` into a fresh data directory, and the restored product reads every case, task and
 * audit chain as before — and carries the case on (its workflow came back with Temporal's data).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../scripts/demo/demoUsers.js';
import { type Product, startProduct } from '../../scripts/dev/product.js';
import { privateProductEnv } from '../../scripts/dev/stack.js';
import { loadConfig } from '../../scripts/prod/config.js';
import { registerApplicant } from '../support/applicants.js';
import { buildApplication } from '../support/builders.js';
import { productClient } from '../support/product.js';

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

const q = (filter: object) => encodeURIComponent(JSON.stringify(filter));

describe('backup and restore', () => {
  it('restores every case, task and audit chain into a fresh data directory, and the cases go on', async () => {
    const envA = await privateProductEnv(dirs[0]!);
    const first = await startProduct(loadConfig({ ...process.env, ...envA }), () => {});
    running.push(first);
    await seedDemoUsers(first.db, envA.AUDIT_KEY);
    const a = productClient(() => first.apiUrl);
    const data = buildApplication();
    const applicant = await registerApplicant(first.db, data);
    const created = await a.call('POST', '/api/applications', { as: applicant, body: data });
    const id = created.body.id as string;
    expect((await a.call('POST', `/api/applications/${id}/submit`, { as: applicant })).status).toBe(200);
    const [task] = (
      await a.call('GET', `/api/tasks?filter=${q({ caseId: id, status: 'open' })}`, { as: 'gz_reviewer' })
    ).body;
    await a.call('POST', `/api/tasks/${task.id}/claim`, { as: 'gz_reviewer' });
    const decided = await a.call('POST', `/api/tasks/${task.id}/complete`, {
      as: 'gz_reviewer',
      body: { decision: 'approve', comment: '同意推荐' },
    });
    expect(decided.body.status).toBe('provincial_review');
    const before = {
      application: (await a.call('GET', `/api/applications/${id}`, { as: 'auditor' })).body,
      tasks: (await a.call('GET', `/api/tasks?filter=${q({ caseId: id })}`, { as: 'auditor' })).body,
      history: (await a.call('GET', `/api/applications/${id}/history`, { as: 'auditor' })).body,
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
    // an archive changed after it was taken is refused, naming what changed, and restores nothing
    const damaged = join(archive, '..', 'damaged.tar.gz');
    const unpacked = mkdtempSync(join(tmpdir(), 'kejin-damaged-'));
    spawnSync('tar', ['--extract', '--gzip', '--file', archive, '--directory', unpacked]);
    appendFileSync(join(unpacked, 'pg', 'PG_VERSION'), ' ');
    spawnSync('tar', ['--create', '--gzip', '--file', damaged, '--directory', unpacked, '.']);
    rmSync(unpacked, { recursive: true, force: true });
    const elsewhere = mkdtempSync(join(tmpdir(), 'kejin-backup-c-'));
    dirs.push(elsewhere);
    const refusedDamaged = npmRun('restore', elsewhere, damaged);
    expect(refusedDamaged.status).not.toBe(0);
    expect(refusedDamaged.stderr + refusedDamaged.stdout).toContain('the archive is damaged: pg/PG_VERSION');
    expect(readdirSync(elsewhere)).toEqual([]);

    const restored = npmRun('restore', dirs[1]!, archive);
    expect(restored.status, restored.stderr).toBe(0);

    const envB = {
      ...(await privateProductEnv(dirs[1]!)),
      JWT_SECRET: envA.JWT_SECRET,
      AUDIT_KEY: envA.AUDIT_KEY,
      // the restored cases' payloads are sealed with the first product's keys
      PAYLOAD_KEYS: envA.PAYLOAD_KEYS,
    };
    const second = await startProduct(loadConfig({ ...process.env, ...envB }), () => {});
    running.push(second);
    const b = productClient(() => second.apiUrl);
    expect((await b.call('GET', `/api/applications/${id}`, { as: 'auditor' })).body).toEqual(before.application);
    expect((await b.call('GET', `/api/tasks?filter=${q({ caseId: id })}`, { as: 'auditor' })).body).toEqual(
      before.tasks,
    );
    const history = (await b.call('GET', `/api/applications/${id}/history`, { as: 'auditor' })).body;
    expect(history.audit).toEqual(before.history.audit);
    expect(history.chain).toEqual({ intact: true, firstBreak: null });

    // the workflow came back too: the Provincial Center takes the next step
    const [next] = (
      await b.call('GET', `/api/tasks?filter=${q({ caseId: id, status: 'open' })}`, { as: 'province_reviewer' })
    ).body;
    expect(next.step).toBe('provincial_review');
    await b.call('POST', `/api/tasks/${next.id}/claim`, { as: 'province_reviewer' });
    const approved = await b.call('POST', `/api/tasks/${next.id}/complete`, {
      as: 'province_reviewer',
      body: { decision: 'approve', comment: '同意纳入' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('public_notice');
  }, 300_000);
});
