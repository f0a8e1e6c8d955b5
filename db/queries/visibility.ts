/** Whether people see a case, by the rules of its resource, in one query (api/events.ts). */
import type { AliasableExpression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../domain/roles.js';
import type { Db } from '../index.js';
import type { Database } from '../schema.js';

/** Which rows of a case type's table an actor may see, as a where-condition (the rules of the case's resource). */
// biome-ignore lint/suspicious/noExplicitAny: each resource's rule reads its own table
export type Visibility = (eb: ExpressionBuilder<Database, any>, actor: Actor) => AliasableExpression<SqlBool>;

/** For each person, whether they see the case (false for every one if there is no such case). */
export async function whoSees(
  db: Db,
  seer: { table: keyof Database; visible: Visibility },
  caseId: string,
  people: Actor[],
): Promise<boolean[]> {
  const row = (await db
    .selectFrom(seer.table)
    .where('id', '=', caseId)
    .select((eb) => people.map((a, i) => seer.visible(eb, a).as(`v${i}`)))
    .executeTakeFirst()) as Record<string, boolean> | undefined;
  return people.map((_, i) => row?.[`v${i}`] === true);
}
