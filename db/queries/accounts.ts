/** User accounts as administrators and security officers keep them (api/routes/users.ts). */
import { sql } from 'kysely';
import type { Db } from '../index.js';
import type { NewUser, User, UserUpdate } from '../schema.js';

/** Users with `locked`: some address is locked out of the account now (login_throttle). */
export const usersWithLocked = (db: Db) =>
  db
    .selectFrom('users')
    .selectAll()
    .select(
      sql<boolean>`exists (select 1 from login_throttle t where t.username = users.username and t.locked_until > now())`.as(
        'locked',
      ),
    );
export type AccountRow = User & { locked: boolean };

/** The list's own filters: by role, or a name or username containing the text. */
export const accountFilters = {
  role: (qb: ReturnType<typeof usersWithLocked>, v: unknown) =>
    qb.where('roles', '@>', sql<string[]>`array[${String(v)}]::text[]`),
  q: (qb: ReturnType<typeof usersWithLocked>, v: unknown) =>
    qb.where((eb) => eb.or([eb('username', 'ilike', `%${String(v)}%`), eb('display_name', 'ilike', `%${String(v)}%`)])),
};

export const accountById = (db: Db, id: string) => usersWithLocked(db).where('id', '=', id).executeTakeFirst();

/** Whether the organisation is registered. */
export const organizationExists = async (db: Db, id: string) =>
  (await db.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

/** A new account, or undefined when the username is taken. */
export const insertAccount = (db: Db, values: NewUser) =>
  db
    .insertInto('users')
    .values(values)
    .onConflict((oc) => oc.column('username').doNothing())
    .returningAll()
    .executeTakeFirst();

export const updateAccount = (db: Db, id: string, set: UserUpdate) =>
  db.updateTable('users').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** A lost second factor is forgotten: the user enrols again at the next sign-in. */
export const forgetSecondFactor = (db: Db, id: string) =>
  db
    .updateTable('users')
    .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, recovery_codes: [] })
    .where('id', '=', id)
    .execute();

/** How many other active users hold the role. */
export async function otherActiveHolders(db: Db, role: string, exceptId: string) {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('roles', '@>', sql<string[]>`array[${role}]::text[]`)
    .where('active', '=', true)
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
