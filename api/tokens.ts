import { sign, verify } from 'hono/jwt';

/** A bearer token naming its user and server-side session; it expires with the session's lifetime. */
export async function issueToken(
  secret: string,
  userId: string,
  sessionId: string,
  ttlSeconds: number,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign({ sub: userId, sid: sessionId, iat: now, exp: now + ttlSeconds }, secret, 'HS256');
}

/**
 * The user and session of a valid token, or null: the signature must hold and the token must
 * carry an expiry that has not passed (a token without `exp` is refused) and a session.
 */
export async function readToken(secret: string, token: string): Promise<{ userId: string; sessionId: string } | null> {
  try {
    const payload = await verify(token, secret, 'HS256');
    if (typeof payload.exp !== 'number' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string')
      return null;
    return { userId: payload.sub, sessionId: payload.sid };
  } catch {
    return null;
  }
}
