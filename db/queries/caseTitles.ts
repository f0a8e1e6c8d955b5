import { sql } from 'kysely';
import type { Db } from '../index.js';

/** The tables whose rows a person names by a title, and how. */
const TITLES = {
  applications: sql<string>`org_name`,
  evaluations: sql<string>`sub_center_name || ' · ' || year`,
  revocations: sql<string>`sub_center_name`,
  payouts: sql<string>`sub_center_name || ' · ' || year`,
  competition_tasks: sql<string>`title`,
  evaluation_rounds: sql<string>`year::text`,
  users: sql<string>`display_name`,
  attachments: sql<string>`filename`,
  objection_files: sql<string>`filename`,
} as const;
export type TitledTable = keyof typeof TITLES;

/** Titles of rows by table and id ("table:id" → title), for lists that name what they refer to. */
export async function titlesOf(db: Db, refs: { table: TitledTable; id: string }[]): Promise<Map<string, string>> {
  const byTable = new Map<TitledTable, string[]>();
  for (const r of refs) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r.id]);
  const titles = new Map<string, string>();
  for (const [table, ids] of byTable) {
    const { rows } = await sql<{ id: string; title: string }>`
      select id::text as id, ${TITLES[table]} as title from ${sql.table(table)} where id::text = any(${ids})`.execute(
      db,
    );
    for (const r of rows) titles.set(`${table}:${r.id}`, r.title);
  }
  return titles;
}
