/**
 * `npm start` killed outright (SIGKILL) leaves its PostgreSQL, Temporal dev server, API and worker
 * running; the next start finds them, stops them and comes up; a Temporal dev server that dies is
 * started again (issue 11); Ctrl-C stops them all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { privateProductEnv } from '../../scripts/dev/stack.js';
import { alive } from '../support/product.js';

const root = resolve(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'kejin-restart-'));
const started: ChildProcess[] = [];

async function startProduct(env: Record<string, string>) {
  const child = spawn(resolve(root, 'node_modules', '.bin', 'tsx'), ['scripts/dev/start.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (b) => (output += b));
  child.stderr!.on('data', (b) => (output += b));
  await new Promise<void>((ready, fail) => {
    const timer = setInterval(() => {
      if (output.includes('Kejin is running')) {
        clearInterval(timer);
        ready();
      }
    }, 200);
    child.once('exit', (code) => {
      clearInterval(timer);
      fail(new Error(`npm start exited (${code}):\n${output.slice(-3000)}`));
    });
  });
  return { child, output: () => output };
}
const recorded = () =>
  Object.fromEntries(
    readdirSync(join(dataDir, 'run'))
      .filter((f) => f.endsWith('.pid'))
      .map((f) => [f.slice(0, -4), (JSON.parse(readFileSync(join(dataDir, 'run', f), 'utf8')) as { pid: number }).pid]),
  ) as Record<string, number>;
const postmaster = () => Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGINT');
  await new Promise((r) => setTimeout(r, 8_000));
  for (const [, pid] of Object.entries(existsSync(join(dataDir, 'run')) ? recorded() : {}))
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('npm start after a crash', () => {
  it('stops what a killed start left running, and starts', async () => {
    const env = await privateProductEnv(dataDir);
    await startProduct(env);
    const before: Record<string, number> = { ...recorded(), postgres: postmaster() };
    expect(Object.keys(before).sort()).toEqual(['api', 'postgres', 'product', 'temporal', 'worker']);
    process.kill(before.product!, 'SIGKILL'); // npm start's own process: no chance to stop anything
    await new Promise((r) => setTimeout(r, 1_000));
    for (const name of ['api', 'worker', 'temporal', 'postgres'] as const)
      expect(alive(before[name]!), `${name} left running`).toBe(true);

    const second = await startProduct(env);
    expect(second.output()).toContain('left running by an earlier start');
    for (const name of ['api', 'worker', 'temporal', 'postgres'] as const)
      expect(alive(before[name]!), `the old ${name} stopped`).toBe(false);
    const health = await fetch(`http://127.0.0.1:${env.PORT}/api/health`);
    expect(health.status).toBe(200);
    // ready, and watched: the API's and the worker's /readyz, the worker's metrics with the SDK's
    expect((await fetch(`http://127.0.0.1:${env.PORT}/readyz`)).status).toBe(200);
    const worker = `http://127.0.0.1:${env.WORKER_PORT}`;
    await expect
      .poll(
        () =>
          fetch(`${worker}/readyz`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 60_000, interval: 500 },
      )
      .toBe(200);
    await expect
      .poll(() => fetch(`${worker}/metrics`).then((r) => r.text()), { timeout: 30_000, interval: 1_000 })
      .toMatch(/^temporal_\w+[{ ]/m);
    expect(await (await fetch(`${worker}/metrics`)).text()).toMatch(/^kejin_worker_running 1$/m);
    // a second start while this one runs is refused, and stops nothing
    const third = spawn(resolve(root, 'node_modules', '.bin', 'tsx'), ['scripts/dev/start.ts'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let refusal = '';
    third.stderr!.on('data', (b) => (refusal += b));
    third.stdout!.on('data', (b) => (refusal += b));
    const code = await new Promise((r) => third.once('exit', r));
    expect(code).not.toBe(0);
    expect(refusal).toContain('already running');
    expect((await fetch(`http://127.0.0.1:${env.PORT}/api/health`)).status).toBe(200);

    // the Temporal dev server dies: npm start starts it again on the same data
    const temporal = recorded().temporal!;
    process.kill(temporal, 'SIGKILL');
    await expect
      .poll(() => recorded().temporal !== temporal && alive(recorded().temporal!), { timeout: 60_000, interval: 500 })
      .toBe(true);
    await expect
      .poll(
        async () => {
          try {
            const connection = await Connection.connect({
              address: `127.0.0.1:${env.TEMPORAL_PORT}`,
              connectTimeout: 1000,
            });
            await connection.workflowService.getSystemInfo({});
            await connection.close();
            return true;
          } catch {
            return false;
          }
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(true);
    expect(second.output()).toContain('the Temporal dev server exited; starting it again');

    // Ctrl-C stops everything, in order, and leaves nothing running
    const running: Record<string, number> = { ...recorded(), postgres: postmaster() };
    second.child.kill('SIGINT');
    expect(await new Promise((r) => second.child.once('exit', r))).toBe(0);
    for (const name of ['api', 'worker', 'temporal', 'postgres', 'product'] as const)
      expect(alive(running[name]!), `${name} left running after Ctrl-C`).toBe(false);
    expect(second.output()).not.toContain('ENOENT'); // nothing met PostgreSQL gone before it stopped
  }, 240_000);
});
