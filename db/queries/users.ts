import { randomUUID } from 'node:crypto';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Actor, Role } from '../../domain/roles.js';
import { dutiesOf, standInRefusal } from '../../domain/standIn.js';
import type { Db } from '../index.js';
import type { Database, User } from '../schema.js';

export async function findUserByUsername(db: Db, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}
/**
 * An organisation in the registry (seeding): added if missing; its credit code set if it has none
 * yet and no other organisation holds that code (then it stays without one).
 */
export async function registerOrganization(
  db: Db,
  org: { id: string; name: string; city: string | null; creditCode: string | null },
) {
  const code = sql<
    string | null
  >`case when exists (select 1 from organizations where credit_code = ${org.creditCode}) then null else ${org.creditCode}::text end`;
  await db
    .insertInto('organizations')
    .values({ id: org.id, name: org.name, city: org.city, credit_code: code })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ credit_code: sql`coalesce(organizations.credit_code, excluded.credit_code)` }),
    )
    .execute();
}
export async function insertUserIfMissing(
  db: Db,
  user: {
    username: string;
    displayName: string;
    passwordHash: string;
    roles: Role[];
    city: string | null;
    organizationId: string | null;
    /** The organisation's unified social credit code, registered if it has none yet. */
    creditCode?: string;
  },
) {
  if (user.organizationId)
    await registerOrganization(db, {
      id: user.organizationId,
      name: user.displayName,
      city: user.city,
      creditCode: user.creditCode ?? null,
    });
  await db
    .insertInto('users')
    .values({
      id: randomUUID(),
      username: user.username,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      roles: user.roles,
      city: user.city,
      organization_id: user.organizationId,
    })
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
}

export const toActor = (
  u: Pick<User, 'id' | 'username' | 'display_name' | 'roles' | 'city' | 'organization_id'>,
): Actor => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  roles: u.roles as Role[],
  city: u.city,
  organizationId: u.organization_id,
});

/** A seat of a step to be filled: holders of a role (in a city, of an organisation), or one named user. */
export interface SeatQuery {
  role: Role;
  city: string | null;
  organizationId: string | null;
  conflict: { city: string | null; organizationId: string | null } | null;
  username: string | null;
}

/** How many active users could hold a seat (the same rule as `canActOnTask`). */
export async function countEligibleUsers(db: Db, seat: SeatQuery): Promise<number> {
  let q = db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('active', '=', true)
    .where(sql<boolean>`${seat.role} = any(roles)`);
  if (seat.city) q = q.where((eb) => eb.or([eb('city', 'is', null), eb('city', '=', seat.city)]));
  if (seat.organizationId) q = q.where('organization_id', '=', seat.organizationId);
  if (seat.conflict?.city) q = q.where((eb) => eb.or([eb('city', 'is', null), eb('city', '!=', seat.conflict!.city)]));
  if (seat.conflict?.organizationId)
    q = q.where((eb) =>
      eb.or([eb('organization_id', 'is', null), eb('organization_id', '!=', seat.conflict!.organizationId)]),
    );
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Colleagues for whom a user stands in now (代理 accepted, within its window), as a JSON array of actors:
 * a subquery for the username `of`, so the session's own query reads them too (one round trip).
 */
export const principalsOf = (of: RawBuilder<string>) =>
  sql<Actor[]>`(select coalesce(json_agg(json_build_object('id', p.id, 'username', p.username,
      'displayName', p.display_name, 'roles', p.roles, 'city', p.city, 'organizationId', p.organization_id)
      order by p.username), '[]'::json)
    from users p where p.proxy_username = ${of} and p.proxy_accepted_at is not null and p.active
      and p.proxy_from <= now() and p.proxy_to > now())`;

/**
 * Colleagues for whom this user stands in now (代理 within its window), of those the user may
 * still stand in for as they are now.
 */
export async function activePrincipals(db: Db, standIn: Actor): Promise<Actor[]> {
  const { rows } = await sql<{
    principals: Actor[];
  }>`select ${principalsOf(sql.val(standIn.username))} as principals`.execute(db);
  return rows[0]!.principals.filter((p) => !standInRefusal(p, standIn));
}

/**
 * Colleagues who may stand in for `absent` (代理), found by a part of their name: active, the same
 * review roles and city (domain/standIn.ts decides; this narrows the search), at most 20.
 */
export async function standInCandidates(db: Db, absent: Actor, q: string) {
  const duties = dutiesOf(absent);
  if (!duties.length) return [];
  const rows = await db
    .selectFrom('users')
    .leftJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.roles',
      'users.city',
      'users.organization_id',
      'users.active',
      'organizations.name as organization_name',
    ])
    .where('users.active', '=', true)
    .where('users.id', '!=', absent.id)
    .where(sql<boolean>`users.roles @> ${sql.val(duties)}::text[]`)
    .where((eb) => (absent.city ? eb('users.city', '=', absent.city) : eb('users.city', 'is', null)))
    .where((eb) => eb.or([eb('users.display_name', 'ilike', `%${q}%`), eb('users.username', 'ilike', `%${q}%`)]))
    .orderBy('users.display_name')
    .limit(20)
    .execute();
  return rows.filter((u) => !standInRefusal(absent, u));
}

/** Display names of these users, by username (someone no longer on record is left out: show the username). */
export async function displayNames(db: Db, usernames: string[]): Promise<Map<string, string>> {
  if (!usernames.length) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['username', 'display_name'])
    .where('username', 'in', [...new Set(usernames)])
    .execute();
  return new Map(rows.map((r) => [r.username, r.display_name]));
}

/** Registered organisations' names, by id (ids of no registered organisation are left out). */
export async function organizationNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Which of these users are experts (whose names are sealed from applicants: api/policy.ts). */
export async function expertsAmong(db: Db, usernames: string[]): Promise<Set<string>> {
  if (!usernames.length) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('username')
    .where('username', 'in', [...new Set(usernames)])
    .where(sql<boolean>`'expert' = any(roles)`)
    .execute();
  return new Set(rows.map((r) => r.username));
}

/** The 代理 offers made to a user that have not ended: who asks, for when, and whether accepted. */
export async function standInOffers(db: Db, standIn: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'roles', 'city', 'proxy_from', 'proxy_to', 'proxy_accepted_at'])
    .where('proxy_username', '=', standIn)
    .where('active', '=', true)
    .where(sql<boolean>`proxy_to > now()`)
    .orderBy('proxy_from')
    .execute();
}

/** A user's 代理 as they set it: whom they named, for when, and whether that colleague accepted. */
export async function proxyOf(db: Db, id: string) {
  const u = await db
    .selectFrom('users as u')
    .leftJoin('users as p', 'p.username', 'u.proxy_username')
    .select(['u.proxy_username', 'u.proxy_from', 'u.proxy_to', 'u.proxy_accepted_at', 'p.display_name'])
    .where('u.id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    username: u.proxy_username,
    displayName: u.proxy_username ? u.display_name : null,
    from: u.proxy_from && new Date(u.proxy_from).toISOString(),
    to: u.proxy_to && new Date(u.proxy_to).toISOString(),
    accepted: u.proxy_accepted_at !== null,
  };
}

/** Names (or, with nulls, ends) a user's 代理; a new one waits for the colleague to accept. */
export async function setProxy(
  db: Db | Transaction<Database>,
  id: string,
  proxy: { username: string | null; from: string | null; to: string | null },
) {
  await db
    .updateTable('users')
    .set({ proxy_username: proxy.username, proxy_from: proxy.from, proxy_to: proxy.to, proxy_accepted_at: null })
    .where('id', '=', id)
    .execute();
}

/**
 * The stand-in answers an offer of `principal`'s: accepted, it takes effect; declined, the offer
 * ends. Null when no such offer is open to the stand-in.
 */
export async function answerStandIn(
  db: Db | Transaction<Database>,
  principal: string,
  standIn: string,
  accept: boolean,
): Promise<{ id: string } | null> {
  const row = await db
    .updateTable('users')
    .set(
      accept
        ? { proxy_accepted_at: sql`now()` }
        : { proxy_username: null, proxy_from: null, proxy_to: null, proxy_accepted_at: null },
    )
    .where('username', '=', principal)
    .where('proxy_username', '=', standIn)
    .where(sql<boolean>`proxy_to > now()`)
    .returning('id')
    .executeTakeFirst();
  return row ?? null;
}

/** A notification to one user about their account (a 代理 offer), keyed so a retried request stores it once. */
export async function notifyUser(
  db: Db | Transaction<Database>,
  n: { key: string; userId: string; kind: string; message: string },
) {
  await db
    .insertInto('notifications')
    .values({
      entry_key: n.key,
      recipient_user: n.userId,
      recipient_role: null,
      recipient_city: null,
      kind: n.kind,
      case_type: 'user',
      case_id: n.userId,
      message: n.message,
      created_at: new Date(),
    })
    .onConflict((oc) => oc.column('entry_key').doNothing())
    .execute();
}

/** A user's signature image (PNG or JPEG bytes), or null. */
export async function signatureOf(db: Db, userId: string): Promise<Buffer | null> {
  const row = await db.selectFrom('users').select('signature').where('id', '=', userId).executeTakeFirst();
  return row?.signature ?? null;
}
export const setSignature = (db: Kysely<Database>, userId: string, bytes: Buffer) =>
  db.updateTable('users').set({ signature: bytes }).where('id', '=', userId).execute();
