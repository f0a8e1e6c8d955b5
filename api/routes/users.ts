import { randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Transaction } from 'kysely';
import {
  accountById,
  accountFilters,
  forgetSecondFactor,
  insertAccount,
  organizationExists,
  otherActiveHolders,
  updateAccount,
  usersWithLocked,
} from '../../db/queries/accounts.js';
import { liftLocks } from '../../db/queries/logins.js';
import { type EndReason, endSessionsOf } from '../../db/queries/sessions.js';
import type { Database, User as UserRow } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import { say } from '../../domain/messages.js';
import { ROLE_NAMES, Role, SEPARATED_ROLES } from '../../domain/roles.js';
import { UserCreateInput, UserUpdateInput } from '../../domain/users.js';
import { recordAdminChange } from '../adminAudit.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { ListQuery, listPage } from '../listing.js';
import { IdParam, json, security } from '../openapi.js';
import { hashPassword, verifyPassword } from '../passwords.js';
import { validationHook } from '../validation.js';

export const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  city: z.string().nullable(),
  organizationId: z.string().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
  /** A TOTP second factor is enrolled. */
  secondFactor: z.boolean(),
  createdAt: z.string(),
});

const toUser = (r: UserRow & { locked: boolean }): z.infer<typeof User> => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  roles: r.roles as z.infer<typeof Role>[],
  city: r.city,
  organizationId: r.organization_id,
  active: r.active,
  locked: r.locked,
  secondFactor: r.totp_enabled_at !== null,
  createdAt: new Date(r.created_at).toISOString(),
});
const COLUMNS = {
  id: 'id',
  username: 'username',
  displayName: 'display_name',
  city: 'city',
  active: 'active',
  createdAt: 'created_at',
};

/** The security officer's POST on one user (recorded in the audit trail). */
const securityRoute = <T extends z.ZodType>(path: string, summary: string, answer: T) =>
  createRoute({
    method: 'post',
    path,
    tags: ['users'],
    summary: `${summary} (security officer); recorded in the audit trail`,
    security,
    request: { params: IdParam },
    responses: {
      200: { description: 'done', ...json(answer) },
      403: { description: 'not a security officer' },
      404: { description: 'not found' },
    },
  });

/** Users and roles, for administrators only. Users are never deleted; they are deactivated. */
export function userRoutes({ db }: ApiDeps) {
  /** An account belongs to a registered organisation (the database's foreign key says so too). */
  const registered = async (organizationId: string | null | undefined) => {
    if (!organizationId) return;
    if (!(await organizationExists(db, organizationId)))
      throw new DomainError('validation', say('unknownOrganisation'), {
        organizationId: say('notRegisteredOrganisationRegisterIt'),
      });
  };
  const load = async (id: string) => {
    const row = await accountById(db, id);
    if (!row) throw new DomainError('not_found', 'no such user');
    return row;
  };
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['users'],
        summary: 'Users (administrators and security officers); filters: role, city, active, q',
        security,
        request: { query: ListQuery },
        responses: {
          403: { description: say('notPermittedForThisRole') },
          200: { description: 'a page', ...json(z.array(User)) },
        },
      }),
      async (c) => {
        const rows = await listPage(c, usersWithLocked(db), c.req.valid('query'), {
          resource: 'users',
          columns: COLUMNS,
          defaultSort: ['username', 'ASC'],
          customFilters: accountFilters,
        });
        return c.json(rows.map(toUser), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags: ['users'],
        summary: 'One user (administrators and security officers)',
        security,
        request: { params: IdParam },
        responses: {
          403: { description: say('notPermittedForThisRole') },
          200: { description: 'the user', ...json(User) },
          404: { description: 'not found' },
        },
      }),
      async (c) => {
        return c.json(toUser(await load(c.req.valid('param').id)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['users'],
        summary: 'Create a user (admin)',
        security,
        request: { body: { ...json(UserCreateInput), required: true } },
        responses: {
          403: { description: say('notPermittedForThisRole') },
          201: { description: 'created', ...json(User) },
          409: { description: 'username taken' },
          422: { description: 'invalid' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const input = c.req.valid('json');
        await registered(input.organizationId);
        const row = await db.transaction().execute(async (trx) => {
          const created = await insertAccount(trx, {
            id: randomUUID(),
            username: input.username,
            display_name: input.displayName,
            password_hash: await hashPassword(input.password),
            roles: input.roles,
            city: input.city ?? null,
            organization_id: input.organizationId ?? null,
            active: input.active ?? true,
          });
          if (!created) throw new DomainError('conflict', say('usernameTaken'), { username: say('usernameTaken') });
          await recordAdminChange(trx, actor, {
            caseType: 'user',
            caseId: created.id,
            action: 'user.created',
            data: { username: input.username, roles: input.roles, city: input.city ?? null },
          });
          return created;
        });
        return c.json(toUser({ ...row, locked: false }), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}',
        tags: ['users'],
        summary: 'Change roles, city, name, active, password (admin)',
        security,
        request: { params: IdParam, body: { ...json(UserUpdateInput), required: true } },
        responses: {
          403: { description: say('notPermittedForThisRole') },
          200: { description: 'updated', ...json(User) },
          404: { description: 'not found' },
          422: { description: 'invalid' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const before = await load(c.req.valid('param').id);
        const input = c.req.valid('json');
        const roles = input.roles ?? before.roles;
        // the one acting is an active administrator: refusing their own disabling or demotion is
        // what keeps at least one administrator in office
        const staysAdmin = (input.active ?? before.active) && roles.includes('admin');
        // none of the last five passwords again (the current one and four before it)
        const lastFive = [before.password_hash, ...before.password_history].slice(0, 5);
        if (input.password)
          for (const used of lastFive)
            if (await verifyPassword(input.password, used))
              throw new DomainError('validation', say('oneOfLast5Passwords'), {
                password: say('oneOfLast5Passwords'),
              });
        if (before.id === actor.id && !staysAdmin) throw new DomainError('conflict', say('youCannotDisableOrDemote'));
        await keepOneHolder(before, roles, input.active ?? before.active);
        const city = input.city !== undefined ? input.city : before.city;
        await registered(input.organizationId);
        if (roles.includes('municipal_reviewer') && !city)
          throw new DomainError('validation', 'a municipal reviewer needs a city', {
            city: say('municipalReviewerNeedsCity'),
          });
        const row = await db.transaction().execute(async (trx) => {
          const updated = await updateAccount(trx, before.id, {
            display_name: input.displayName ?? before.display_name,
            roles,
            city,
            organization_id: input.organizationId !== undefined ? input.organizationId : before.organization_id,
            active: input.active ?? before.active,
            ...(input.password && {
              password_hash: await hashPassword(input.password),
              password_history: lastFive.slice(0, 4),
            }),
          });
          // whoever they were signed in as is over: disabled, a new password, other roles
          const sameRoles = [...roles].sort().join() === [...before.roles].sort().join();
          const ends: EndReason | null =
            input.active === false && before.active
              ? 'disabled'
              : input.password
                ? 'password_reset'
                : !sameRoles
                  ? 'roles_changed'
                  : null;
          if (ends) await endSessionsOf(trx, before.id, ends);
          if (input.password) await liftLocks(trx, before.username);
          const { password, ...changed } = input;
          await recordAdminChange(trx, actor, {
            caseType: 'user',
            caseId: before.id,
            action: 'user.updated',
            data: { ...changed, passwordReset: !!password },
          });
          return updated;
        });
        return c.json(toUser(await load(row.id)), 200);
      },
    )
    .openapi(securityRoute('/{id}/unlock', 'Unlock an account locked after failed logins', User), async (c) => {
      const { user } = await onUser(c, 'user.unlocked', async (trx, u) => {
        await liftLocks(trx, u.username);
        return {};
      });
      return c.json(toUser(await load(user.id)), 200);
    })
    .openapi(
      securityRoute('/{id}/end-sessions', 'End every session of a user at once', z.object({ ended: z.number() })),
      async (c) => {
        const { data } = await onUser(c, 'user.sessions_ended', async (trx, u) => ({
          sessions: await endSessionsOf(trx, u.id, 'ended_by_security_officer'),
        }));
        return c.json({ ended: data.sessions }, 200);
      },
    )
    .openapi(
      securityRoute(
        '/{id}/reset-second-factor',
        'Reset a lost second factor: the user enrols again at the next sign-in; their sessions end',
        User,
      ),
      async (c) => {
        const { user } = await onUser(c, 'user.second_factor_reset', async (trx, u) => {
          await forgetSecondFactor(trx, u.id);
          await endSessionsOf(trx, u.id, 'second_factor_reset');
          return {};
        });
        return c.json(toUser(await load(user.id)), 200);
      },
    );

  /** A security officer's action on a user: its change and its audit entry in one transaction. */
  async function onUser<Data extends Record<string, unknown>>(
    c: Context<AppEnv, string, { out: { param: { id: string } } }>,
    action: string,
    change: (trx: Transaction<Database>, user: UserRow) => Promise<Data>,
  ) {
    const user = await load(c.req.valid('param').id);
    const data = await db.transaction().execute(async (trx) => {
      const data = await change(trx, user);
      await recordAdminChange(trx, c.get('actor'), {
        caseType: 'user',
        caseId: user.id,
        action,
        data: { username: user.username, ...data },
      });
      return data;
    });
    return { user, data };
  }

  /** 三员分立: the last active holder of a separated role keeps it (and stays active). */
  async function keepOneHolder(before: UserRow, roles: readonly string[], active: boolean) {
    for (const role of SEPARATED_ROLES) {
      if (!before.active || !before.roles.includes(role) || (active && roles.includes(role))) continue;
      if ((await otherActiveHolders(db, role, before.id)) === 0)
        throw new DomainError('conflict', say('lastOfRoleStays', ROLE_NAMES[role][0], ROLE_NAMES[role][1]));
    }
  }
}
