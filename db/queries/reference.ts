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
