import { sql } from 'kysely';
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

/** Every version of every kind, each with `current` (the kind's latest) and its author's name. */
export const ruleSetVersions = (db: Db) =>
  db
    .selectFrom(
      db
        .selectFrom('rule_sets')
        .selectAll()
        .select(sql<boolean>`version = max(version) over (partition by kind)`.as('current'))
        .select(
          sql<string | null>`(select display_name from users where users.username = rule_sets.created_by)`.as(
            'created_by_name',
          ),
        )
        .as('r'),
    )
    .selectAll();

/**
 * Publishes the next version of a kind in the transaction, the kind locked while it does;
 * `check` sees the version in force first (and may refuse).
 */
export async function publishRuleSet(
  trx: Db,
  row: { kind: string; body: unknown; comment: string; createdBy: string },
  check: (inForce: number) => void,
) {
  await sql`select pg_advisory_xact_lock(hashtext(${`rule_sets:${row.kind}`}))`.execute(trx);
  const inForce = (await loadCurrentRules(trx, row.kind))?.version ?? 0;
  check(inForce);
  return trx
    .insertInto('rule_sets')
    .values({
      kind: row.kind,
      version: inForce + 1,
      body: JSON.stringify(row.body),
      comment: row.comment,
      created_by: row.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const ruleSetById = (db: Db, id: number) => ruleSetVersions(db).where('id', '=', id).executeTakeFirst();
