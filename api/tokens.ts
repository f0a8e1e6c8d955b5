/**
 * Bearer tokens: JWTs signed with HS256 by node:crypto, checked synchronously on every request
 * (WebCrypto's asynchronous HMAC, through hono/jwt, was ~7 % of the API's CPU under load).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const mac = (secret: string, signed: string) => createHmac('sha256', secret).update(signed).digest();

/** A bearer token naming its user and server-side session; it expires with the session's lifetime. */
export function issueToken(secret: string, userId: string, sessionId: string, ttlSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(JSON.stringify({ sub: userId, sid: sessionId, iat: now, exp: now + ttlSeconds }));
  const signed = `${HEADER}.${payload.toString('base64url')}`;
  return `${signed}.${mac(secret, signed).toString('base64url')}`;
}

/**
 * The user and session of a valid token, or null: HS256, the signature must hold and the token
 * must carry an expiry that has not passed (a token without `exp` is refused) and a session.
 */
export function readToken(secret: string, token: string): { userId: string; sessionId: string } | null {
  const [header, payload, signature, extra] = token.split('.');
  if (!header || !payload || !signature || extra !== undefined) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, `${header}.${payload}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'HS256') return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    if (typeof claims.exp !== 'number' || claims.exp <= Date.now() / 1000) return null;
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
    return { userId: claims.sub, sessionId: claims.sid };
  } catch {
    return null;
  }
}
