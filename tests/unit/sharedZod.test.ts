/**
 * Workflows share one zod (workflows/zodConfig.ts), frozen after the preload: a string format whose
 * pattern is one of zod's module constants fails when a workflow parses it ("Cannot assign to read
 * only property 'lastIndex'"). The schemas workflows read (domain/, workflows/) give such formats a
 * pattern of their own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHARED_PATTERN_FORMATS =
  /\.(date|time|email|uuid|guid|url|httpUrl|emoji|nanoid|cuid|cuid2|ulid|xid|ksuid|ipv4|ipv6|cidrv4|cidrv6|base64|base64url|e164|jwt|hostname|hex|lowercase|uppercase)\(\s*\)/g;

describe('the workflows’ shared zod', () => {
  it('no schema of domain/ or workflows/ uses a string format with one of zod’s shared patterns', () => {
    const found: string[] = [];
    for (const dir of ['domain', 'workflows'])
      for (const file of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts'))) {
        const source = readFileSync(join(ROOT, dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        for (const m of source.matchAll(SHARED_PATTERN_FORMATS)) found.push(`${dir}/${file}: ${m[0]}`);
      }
    expect(found).toEqual([]);
    // the check itself finds such a call
    expect('z.string().date()'.match(SHARED_PATTERN_FORMATS)).toEqual(['.date()']);
  });
});
