import type { Db } from '../index.js';

export async function loadCurrentRules(db: Db, kind: string) {
  return db
    .selectFrom('rule_sets')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** One version of a kind's rule set (the one a case recorded), if it exists. */
export async function ruleSetVersion(db: Db, kind: string, version: number) {
  return db
    .selectFrom('rule_sets')
    .select('body')
    .where('kind', '=', kind)
    .where('version', '=', version)
    .executeTakeFirst();
}
