/**
 * Every audit action a process or the engine writes is named in words, in Chinese and English,
 * on the case timeline and in the history (an unnamed one would read "流程事件").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../admin/i18n/auditActions.js';

const root = resolve(import.meta.dirname, '..', '..');
const CASE_PREFIXES = [
  'application',
  'task',
  'case',
  'notice',
  'round',
  'evaluation',
  'revocation',
  'payout',
  'competition',
  'expert',
  'site',
];
const sources = ['workflows', 'activities'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(root, dir, f), 'utf8')),
);
/** The actions written literally, and those built from a step's decision or an acceptance result. */
function writtenActions(): string[] {
  const literal = new RegExp(`'((?:${CASE_PREFIXES.join('|')})\\.[a-z_]+)'`, 'g');
  const found = new Set(sources.flatMap((s) => [...s.matchAll(literal)].map((m) => m[1]!)));
  for (const d of ['expert_review', 'site_inspection']) found.add(`application.${d}_requested`);
  for (const r of ['passed', 'passed_with_conditions', 'failed']) found.add(`competition.acceptance_${r}`);
  return [...found].sort();
}
const label = (action: string) => {
  const [group, name] = action.split('.') as [string, string];
  return (AUDIT_ACTIONS[group] as Record<string, unknown> | undefined)?.[name];
};

describe('audit actions in words', () => {
  it('names every action a process writes, in both languages', () => {
    const actions = writtenActions();
    expect(actions.length).toBeGreaterThan(80);
    expect(actions.filter((a) => !Array.isArray(label(a)) || (label(a) as string[]).some((w) => !w))).toEqual([]);
  });
});
