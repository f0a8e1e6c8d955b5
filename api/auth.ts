import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { clearAttempts, countAttempt, failuresElsewhere, lockSource } from '../db/queries/logins.js';
import { endSession, openSession, type SessionPolicy, touchSession } from '../db/queries/sessions.js';
import { findUserByUsername, toActor } from '../db/queries/users.js';
import { DomainError } from '../domain/errors.js';
import { BACKGROUND_READ_HEADER } from '../domain/headers.js';
import { say } from '../domain/messages.js';
import type { ApiDeps, AppEnv } from './context.js';
import { sourceOf } from './operationLog.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { checkSecondFactor, requiresSecondFactor, SecondFactorInput } from './secondFactor.js';
import { issueToken, readToken } from './tokens.js';
import { validationHook } from './validation.js';

const MAX_FAILED_LOGINS = 5;
const LOCKOUT_MINUTES = 15;
/**
 * Failed sign-ins of one account from other addresses within an hour that lock it for every
 * address: at most MAX_FAILED_LOGINS count per address, so it takes several addresses (a spread
 * guessing campaign) — one address, or everyone behind one proxy, only ever locks itself out.
 */
const MAX_FAILED_ELSEWHERE = 20;

const LoginInput = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
  ...SecondFactorInput,
});
const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  city: z.string().nullable(),
  organizationId: z.string().nullable(),
});
const Session = z.object({
  token: z.string(),
  user: SessionUser,
  mustEnrol: z.boolean().describe('the account needs a second factor and has none: this session may only enrol one'),
});

const login = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary:
    'Log in and receive a bearer token for a new server-side session (ends on logout, after 30 idle minutes, at 8 hours)',
  request: { body: { content: { 'application/json': { schema: LoginInput } }, required: true } },
  responses: {
    200: { description: 'token and user', content: { 'application/json': { schema: Session } } },
    401: {
      description:
        'wrong username or password; or, with `errors.otp`, the second factor is asked for (missing) or wrong',
    },
    429: { description: 'this address is locked out of the account after repeated failures' },
  },
});

const logout = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  summary: 'End this session: its token is refused from now on',
  security: [{ bearer: [] }],
  responses: { 204: { description: 'ended' }, 401: { description: 'not signed in' } },
});

/** Checked against when the username is unknown, so the answer takes as long as for a real one. */
let decoyHash: Promise<string> | undefined;

/**
 * Login throttling per account and source address: an attempt counts as a failure until its
 * password is proven right (so a burst of parallel guesses meets the limit too); after
 * MAX_FAILED_LOGINS failures that source is locked out of that account for LOCKOUT_MINUTES,
 * doubling with each further round. Another address (the owner's) is not affected; an
 * administrator lifts every lock of the account (POST /api/users/:id/unlock).
 */
export function authRoutes({ db, jwtSecret, sessions }: ApiDeps & { sessions: SessionPolicy }) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(login, async (c) => {
    const { username, password, otp, recoveryCode } = c.req.valid('json');
    const source = sourceOf(c);
    const attempt = await countAttempt(db, username, source);
    const locked = attempt.locked_until !== null && new Date(attempt.locked_until) > new Date();
    c.set('operation', { action: 'login.failed', username });
    if (locked || attempt.failures > MAX_FAILED_LOGINS)
      throw new DomainError('too_many_requests', say('tooManyFailedLogins'));
    if ((await failuresElsewhere(db, username, source, MAX_FAILED_LOGINS)) >= MAX_FAILED_ELSEWHERE)
      throw new DomainError('too_many_requests', say('failedSignInsFromSeveral'));
    const user = await findUserByUsername(db, username);
    decoyHash ??= hashPassword('decoy password of an unknown user');
    const right = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
    /** A failed attempt: after MAX_FAILED_LOGINS this address is locked out of the account. */
    const failed = async (message: string, errors?: Record<string, string>) => {
      if (attempt.failures >= MAX_FAILED_LOGINS) {
        const rounds = Math.floor(attempt.failures / MAX_FAILED_LOGINS) - 1;
        await lockSource(db, username, source, LOCKOUT_MINUTES * 2 ** rounds);
      }
      throw new DomainError('unauthorized', message, errors);
    };
    if (!user?.active || !right) return failed(say('wrongUsernameOrPassword'));
    const second = await checkSecondFactor(db, user, { otp, recoveryCode });
    if (!second.ok && !second.missing) return failed(say('wrongCode'), { otp: say('wrongCode') });
    // the code is asked for; the attempt still counts until a sign-in succeeds, so asking and
    // guessing in turn cannot reset the count
    if (!second.ok) {
      c.set('operation', { action: 'login.code_asked', username });
      throw new DomainError('unauthorized', say('enterCodeOfYourAuthenticator'), {
        otp: say('required'),
      });
    }
    await clearAttempts(db, username, source);
    const actor = toActor(user);
    const mustEnrol = !user.totp_enabled_at && requiresSecondFactor(user.roles);
    const session = await openSession(db, user.id, sessions, mustEnrol);
    c.set('operation', { action: 'login.succeeded', username });
    return c.json(
      { token: issueToken(jwtSecret, user.id, session.id, session.expiresInSeconds), user: actor, mustEnrol },
      200,
    );
  });
}

/** POST /api/auth/logout, behind requireAuth (it needs the session it ends). */
export function logoutRoute({ db }: ApiDeps) {
  return new OpenAPIHono<AppEnv>().openapi(logout, async (c) => {
    await endSession(db, c.get('sessionId'), 'logout');
    return c.body(null, 204);
  });
}

/**
 * Every route but login needs a valid bearer token of a live session; the actor is loaded fresh
 * (roles may change).
 */
export function requireAuth({ db, jwtSecret, sessions }: ApiDeps & { sessions: SessionPolicy }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : null;
    const claims = token ? readToken(jwtSecret, token) : null;
    if (!claims) throw new DomainError('unauthorized', say('validBearerTokenIsRequired'));
    // the console's re-reads after a live event say so: the session still idles out (等保: 30 min)
    const background = c.req.header(BACKGROUND_READ_HEADER) === '1' && c.req.method === 'GET';
    const session = await touchSession(db, claims.sessionId, claims.userId, sessions, !background);
    if (!session?.user.active) throw new DomainError('unauthorized', say('sessionHasEndedOrTimed'));
    c.set('actor', toActor(session.user));
    c.set('principals', session.principals);
    c.set('sessionId', claims.sessionId);
    // an account that must have a second factor and has none may only enrol one (or sign out)
    if (session.enrolmentOnly && !/^\/api\/auth\/(totp\/|logout$)/.test(c.req.path))
      throw new DomainError('forbidden', say('setUpYourSecondFactor'));
    await next();
  });
}
