/**
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of clock drift either
 * way). Required for the administrator, the security officer and the auditor (三员), optional for
 * everyone else. Enrolment shows an `otpauth://` URI as a QR code, is confirmed with a first code,
 * and hands out ten single-use recovery codes (stored as SHA-256 hashes). Wrong codes count as
 * failed sign-ins (the login throttle); the security officer resets a lost second factor.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { DEV_AUDIT_KEY } from '../activities/audit.js';
import { confirmEnrolment, startEnrolment, useRecoveryCode, userById } from '../db/queries/secondFactor.js';
import type { User } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { say } from '../domain/messages.js';
import { SEPARATED_ROLES } from '../domain/roles.js';
import type { ApiDeps, AppEnv } from './context.js';
import { json, security } from './openapi.js';
import { validationHook } from './validation.js';

const ISSUER = 'Kejin 科金';

/**
 * Secrets are kept sealed (AES-256-GCM) with a key derived from AUDIT_KEY, which the database
 * never holds: reading the users table does not let anyone generate a user's codes.
 */
const sealKey = (auditKey = process.env.AUDIT_KEY ?? DEV_AUDIT_KEY) =>
  Buffer.from(hkdfSync('sha256', auditKey, 'kejin', 'totp-secret', 32));
/** Seals a secret with the key of this process's AUDIT_KEY, or of the one given (a seed of another process's data). */
export function sealSecret(base32: string, auditKey?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(auditKey), iv);
  const sealed = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
}
function openSecret(stored: string): string {
  if (!stored.startsWith('v1:')) return stored; // enrolled before secrets were sealed (the demo's, for a day)
  const raw = Buffer.from(stored.slice(3), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', sealKey(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
const RECOVERY_CODES = 10;

/** Whether an account with these roles must sign in with a second factor. */
export const requiresSecondFactor = (roles: readonly string[]) => SEPARATED_ROLES.some((r) => roles.includes(r));

const totp = (username: string, base32: string) =>
  new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(base32),
  });

/** The current code of a secret (demo helpers and tests; a person reads it from an app). */
export const currentCode = (base32: string) => totp('-', base32).generate();

const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

export const SecondFactorInput = {
  otp: z
    .string()
    .regex(/^\d{6}$/, say('sixDigits'))
    .optional()
    .describe('the code of the authenticator app, when the account has a second factor'),
  recoveryCode: z.string().min(8).max(20).optional().describe('instead of `otp`: one of the recovery codes, used once'),
};

/**
 * The second factor of a sign-in whose password was right: passes, or throws 401 naming `otp`
 * (missing: asked for; wrong: a failed sign-in). A recovery code is used up.
 */
export async function checkSecondFactor(
  db: ApiDeps['db'],
  user: User,
  given: { otp?: string; recoveryCode?: string },
): Promise<{ ok: true } | { ok: false; missing: boolean }> {
  if (!user.totp_enabled_at || !user.totp_secret) return { ok: true };
  if (given.otp)
    return totp(user.username, openSecret(user.totp_secret)).validate({ token: given.otp, window: 1 }) === null
      ? { ok: false, missing: false }
      : { ok: true };
  if (given.recoveryCode) {
    const hash = hashCode(given.recoveryCode);
    return (await useRecoveryCode(db, user.id, hash)) ? { ok: true } : { ok: false, missing: false };
  }
  return { ok: false, missing: true };
}

/** POST /api/auth/totp/enrol and /confirm: the signed-in user's own second factor. */
export function secondFactorRoutes({ db }: ApiDeps): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'post',
        path: '/enrol',
        tags: ['auth'],
        security,
        summary: 'Start enrolling a TOTP second factor: a new secret as an otpauth:// URI and its QR code',
        responses: {
          200: {
            description: 'scan the QR code (or type the secret) into an authenticator app, then confirm with a code',
            ...json(z.object({ otpauthUrl: z.string(), qrCode: z.string(), secret: z.string() })),
          },
          409: { description: 'a second factor is already enrolled (the security officer resets it)' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const secret = new Secret({ size: 20 }).base32;
        if (!(await startEnrolment(db, actor.id, sealSecret(secret))))
          throw new DomainError('conflict', say('alreadyEnrolledAskSecurityOfficer'));
        const otpauthUrl = totp(actor.username, secret).toString();
        return c.json(
          { otpauthUrl, qrCode: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }), secret },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/confirm',
        tags: ['auth'],
        security,
        request: {
          body: { ...json(z.object({ otp: z.string().regex(/^\d{6}$/, say('sixDigits')) })), required: true },
        },
        summary: 'Confirm the enrolment with a first code; answers the recovery codes, shown this once',
        responses: {
          200: { description: 'enrolled', ...json(z.object({ recoveryCodes: z.array(z.string()) })) },
          409: { description: 'no enrolment started' },
          422: { description: 'wrong code' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const user = await userById(db, actor.id);
        if (!user.totp_pending_secret || user.totp_enabled_at)
          throw new DomainError('conflict', say('startEnrolmentFirst'));
        const { otp } = c.req.valid('json');
        if (totp(user.username, openSecret(user.totp_pending_secret)).validate({ token: otp, window: 1 }) === null)
          throw new DomainError('validation', say('wrongCode'), { otp: say('wrongCode') });
        const recoveryCodes = Array.from({ length: RECOVERY_CODES }, () =>
          randomBytes(5)
            .toString('hex')
            .replace(/(.{5})/, '$1-'),
        );
        // this session may do more than enrol from now on
        await confirmEnrolment(db, user, recoveryCodes.map(hashCode), c.get('sessionId'));
        return c.json({ recoveryCodes }, 200);
      },
    );
}
