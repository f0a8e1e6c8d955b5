import { sign, verify } from 'hono/jwt';

const TOKEN_TTL_SECONDS = 8 * 3600;

export async function issueToken(secret: string, userId: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign({ sub: userId, iat: now, exp: now + TOKEN_TTL_SECONDS }, secret, 'HS256');
}

/** The user id of a valid, unexpired token, or null. */
export async function readToken(secret: string, token: string): Promise<string | null> {
  try {
    const payload = await verify(token, secret, 'HS256');
    return typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}
