import { randomUUID } from 'node:crypto';
import type { Db } from '../index.js';
import type { Actor, Role } from '../../domain/roles.js';
import type { User } from '../schema.js';

export async function findUserByUsername(db: Db, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}
export async function findUserById(db: Db, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUserIfMissing(db: Db, user: { username: string; displayName: string; passwordHash: string; roles: Role[]; city: string | null; organizationId: string | null }) {
  await db.insertInto('users').values({
    id: randomUUID(), username: user.username, display_name: user.displayName, password_hash: user.passwordHash,
    roles: user.roles, city: user.city, organization_id: user.organizationId,
  }).onConflict((oc) => oc.column('username').doNothing()).execute();
}

export const toActor = (u: Pick<User, 'id' | 'username' | 'display_name' | 'roles' | 'city' | 'organization_id'>): Actor => ({
  id: u.id, username: u.username, displayName: u.display_name, roles: u.roles as Role[], city: u.city, organizationId: u.organization_id,
});
