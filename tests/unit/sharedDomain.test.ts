/**
 * The workflows share the domain modules (workflows/sharedDomain.ts, preloaded once per worker
 * thread). A domain module left out of that list but imported by one in it would be shared all
 * the same, and deep-frozen by the SDK — its zod schemas with it, which then throw as they parse.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Domain rules no workflow uses, kept out of the workflows' bundle: the statutory holidays need lunar-typescript. */
const SERVER_ONLY = ['holidays'];

describe('the domain modules the workflows share', () => {
  it('lists every module of domain/ in the preload that freezes them all but their schemas', () => {
    const preload = readFileSync(join(ROOT, 'workflows', 'sharedDomain.ts'), 'utf8');
    const listed = [...preload.matchAll(/^import \* as \w+ from '\.\.\/domain\/(\w+)\.js';$/gm)].map((m) => m[1]);
    const modules = readdirSync(join(ROOT, 'domain'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3));
    expect(modules.length).toBeGreaterThan(10);
    expect(listed.sort()).toEqual(modules.filter((m) => !SERVER_ONLY.includes(m)).sort());
    // a server-only module stays out of the workflows only while no shared module imports it
    for (const m of listed) {
      const source = readFileSync(join(ROOT, 'domain', `${m}.ts`), 'utf8');
      for (const only of SERVER_ONLY)
        expect(source, `${m} imports ${only}`).not.toMatch(new RegExp(`from '\\./${only}\\.js'`));
    }
    // and the worker preloads it
    expect(readFileSync(join(ROOT, 'scripts', 'prod', 'temporal.ts'), 'utf8')).toMatch(/'sharedDomain\.ts'/);
  });

  it('keeps no state in a domain module (shared by every case a worker runs)', () => {
    const found: string[] = [];
    for (const file of readdirSync(join(ROOT, 'domain')).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(ROOT, 'domain', file), 'utf8');
      for (const m of source.matchAll(
        /^(?:export )?(?:let|var) \w+|^(?:export )?const \w+ = new (?:Map|Set|WeakMap)\b/gm,
      ))
        found.push(`${file}: ${m[0]}`);
    }
    expect(found).toEqual([]);
  });
});
