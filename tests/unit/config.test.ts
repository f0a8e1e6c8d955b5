import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
/** Loads the configuration in a process of its own (a refusal ends that process with status 2). */
async function start(env: Record<string, string>) {
  try {
    await promisify(execFile)(
      resolve(root, 'node_modules', '.bin', 'tsx'),
      ['-e', "import('./scripts/prod/config.ts').then((m) => m.loadConfig())"],
      { cwd: root, env: { PATH: process.env.PATH, ...env } },
    );
    return { code: 0, stderr: '' };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

describe('start-up configuration', () => {
  it('refuses to run outside demo mode with the well-known or a short JWT_SECRET, or without an AUDIT_KEY or PAYLOAD_KEYS', async () => {
    const known = await start({ KEJIN_DEMO: '0' });
    expect(known.code).toBe(2);
    expect(known.stderr).toContain('JWT_SECRET: outside demo mode');
    expect((await start({ KEJIN_DEMO: '0', JWT_SECRET: 'short-but-16-chars!' })).code).toBe(2);
    const secret = `${'x'.repeat(20)}a-real-secret-of-40-characters`;
    const noKey = await start({ KEJIN_DEMO: '0', JWT_SECRET: secret });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('AUDIT_KEY');
    const sealing = await start({ KEJIN_DEMO: '0', JWT_SECRET: secret, AUDIT_KEY: 'k'.repeat(40) });
    expect(sealing.code).toBe(2);
    expect(sealing.stderr).toContain('PAYLOAD_KEYS');
    const production = { KEJIN_DEMO: '0', JWT_SECRET: secret, AUDIT_KEY: 'k'.repeat(40) };
    const key = Buffer.alloc(32, 7).toString('base64');
    expect((await start({ ...production, PAYLOAD_KEYS: 'k1:c2hvcnQ=' })).stderr).toContain('32 bytes');
    expect((await start({ ...production, PAYLOAD_KEYS: `k2:${key},k1:${key}` })).code).toBe(0);
    expect((await start({ KEJIN_DEMO: '1' })).code).toBe(0); // the demo runs with its own key
  }, 60_000);
});
