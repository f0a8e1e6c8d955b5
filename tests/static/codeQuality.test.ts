/**
 * The tree stays formatted, linted and type-checked: `npm test` fails on a Biome finding or a
 * type error in the server or the console (`npm run fix` formats and applies safe fixes).
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const bin = (name: string) => resolve(root, 'node_modules', '.bin', name);
async function run(cmd: string, args: string[]) {
  try {
    await promisify(execFile)(bin(cmd), args, { cwd: root, maxBuffer: 20_000_000 });
    return '';
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`.slice(0, 4000) || String(err);
  }
}

describe('code quality', () => {
  it('is formatted and passes the linter (Biome)', async () => {
    expect(await run('biome', ['ci', '--max-diagnostics=20', '.'])).toBe('');
  }, 120_000);

  it('type-checks the server, workflows and tests', async () => {
    expect(await run('tsc', ['--noEmit', '-p', '.'])).toBe('');
  }, 180_000);

  it('type-checks the console', async () => {
    expect(await run('tsc', ['--noEmit', '-p', 'admin'])).toBe('');
  }, 180_000);
});
