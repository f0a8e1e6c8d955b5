import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { sql } from 'kysely';
import { findUserById, findUserByUsername, toActor } from '../db/queries/users.js';
import { DomainError } from '../domain/errors.js';
import type { ApiDeps, AppEnv } from './context.js';
import { verifyPassword } from './passwords.js';
import { issueToken, readToken } from './tokens.js';
import { validationHook } from './validation.js';

const MAX_FAILED_LOGINS = 5;
const LOCKOUT_MINUTES = 15;

const LoginInput = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  city: z.string().nullable(),
  organizationId: z.string().nullable(),
});
const Session = z.object({ token: z.string(), user: SessionUser });

const login = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Log in and receive a bearer token (8 h)',
  request: { body: { content: { 'application/json': { schema: LoginInput } }, required: true } },
  responses: {
    200: { description: 'token and user', content: { 'application/json': { schema: Session } } },
    401: { description: 'wrong username or password' },
    429: { description: 'account locked after repeated failures' },
  },
});

export function authRoutes({ db, jwtSecret }: ApiDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(login, async (c) => {
    const { username, password } = c.req.valid('json');
    const user = await findUserByUsername(db, username);
    if (user?.locked_until && new Date(user.locked_until) > new Date())
      throw new DomainError(
        'too_many_requests',
        `账号已锁定，请 ${LOCKOUT_MINUTES} 分钟后再试 (account locked after ${MAX_FAILED_LOGINS} failed logins)`,
      );
    if (!user?.active || !(await verifyPassword(password, user.password_hash))) {
      if (user) {
        await db
          .updateTable('users')
          .set({
            failed_logins: sql`failed_logins + 1`,
            locked_until: sql`case when failed_logins + 1 >= ${MAX_FAILED_LOGINS} then now() + ${`${LOCKOUT_MINUTES} minutes`}::interval else null end`,
          })
          .where('id', '=', user.id)
          .execute();
      }
      throw new DomainError('unauthorized', '用户名或密码错误 (wrong username or password)');
    }
    await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    const actor = toActor(user);
    return c.json({ token: await issueToken(jwtSecret, user.id), user: actor }, 200);
  });
}

/** Every route but login needs a valid bearer token; the actor is loaded fresh (roles may change). */
export function requireAuth({ db, jwtSecret }: ApiDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : null;
    const userId = token ? await readToken(jwtSecret, token) : null;
    const user = userId ? await findUserById(db, userId) : undefined;
    if (!user?.active) throw new DomainError('unauthorized', '请先登录 (a valid bearer token is required)');
    c.set('actor', toActor(user));
    await next();
  });
}
