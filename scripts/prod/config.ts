import { resolve } from 'node:path';
import { z } from 'zod';
import { parsePayloadKeys } from '../../activities/payloadCodec.js';
import { trustedProxies } from '../../api/clientAddress.js';

/** The demo's signing key: known to everyone, so refused outside demo mode. */
const DEV_JWT_SECRET = 'kejin-dev-secret-change-me-in-production';

/** Environment variables, parsed once at start-up with readable errors. */
const Env = z
  .object({
    DATABASE_URL: z.string().url().optional().describe('an external PostgreSQL; default: embedded under DATA_DIR'),
    DATABASE_OWNER_URL: z
      .string()
      .url()
      .optional()
      .describe('with DATABASE_URL: the owner role migrations run as (default: DATABASE_URL itself)'),
    TEMPORAL_ADDRESS: z.string().optional().describe('an external Temporal frontend; default: the dev server'),
    TEMPORAL_NAMESPACE: z.string().default('default'),
    PORT: z.coerce.number().int().positive().default(3000),
    PG_PORT: z.coerce.number().int().positive().default(54329),
    TEMPORAL_PORT: z.coerce.number().int().positive().default(7233),
    TEMPORAL_UI_PORT: z.coerce.number().int().positive().default(8233),
    DATA_DIR: z.string().default(resolve(import.meta.dirname, '..', '..', '.data')),
    JWT_SECRET: z.string().min(16).default(DEV_JWT_SECRET),
    AUDIT_KEY: z
      .string()
      .min(32)
      .optional()
      .describe(
        "the audit chain's HMAC key (read by activities/audit.ts from the environment; the database never holds it)",
      ),
    PAYLOAD_KEYS: z
      .string()
      .optional()
      .refine(
        (spec) => {
          try {
            return spec === undefined || parsePayloadKeys(spec).length > 0;
          } catch {
            return false;
          }
        },
        { message: 'PAYLOAD_KEYS: id:base64 of 32 bytes, comma-separated, the sealing key first' },
      )
      .describe("the keys sealing what Temporal stores (activities/payloadCodec.ts), kept out of Temporal's store"),
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .refine(
        (spec) => {
          try {
            trustedProxies(spec);
            return true;
          } catch {
            return false;
          }
        },
        { message: 'TRUSTED_PROXIES: addresses or CIDRs, comma-separated (10.0.0.5, 10.1.0.0/16)' },
      )
      .describe('the reverse proxies whose X-Forwarded-For names the client (nginx, a WAF); default: none'),
    WORKER_PORT: z.coerce
      .number()
      .int()
      .positive()
      .optional()
      .describe("a worker's /healthz, /readyz and /metrics (the Temporal SDK's and its own); default: none"),
    REQUEST_LOG: z
      .enum(['0', '1'])
      .default('1')
      .describe(
        'JSON lines of each API request and of the workflow and activities it led to (activities/requestTrail.ts); 0: none',
      ),
    TEMPORAL_BIN: z.string().optional(),
    API_INSTANCE: z
      .string()
      .optional()
      .describe("this API process's stable name, owner of its idempotency leases (default host:port)"),
    KEJIN_DEMO: z.enum(['0', '1']).default('1').describe('seed demo users and cases'),
    SIGNING_P12: z
      .string()
      .optional()
      .describe('a PKCS#12 file with the certificate the 审批单 is signed with (demo mode: a demo certificate)'),
    SIGNING_PASSPHRASE: z.string().default('').describe("SIGNING_P12's passphrase"),
    SIGNING_NAME: z.string().default('广东省科技金融服务中心').describe('who signs, as a PDF reader names them'),
    SMTP_URL: z
      .string()
      .optional()
      .describe('where notifications are mailed (smtp://user:pass@host:587); default: a local SMTP server'),
    SMTP_PORT: z.coerce
      .number()
      .int()
      .positive()
      .default(2525)
      .describe('the local SMTP server, when SMTP_URL is not set'),
  })
  .refine((e) => e.KEJIN_DEMO === '1' || (e.JWT_SECRET !== DEV_JWT_SECRET && e.JWT_SECRET.length >= 32), {
    path: ['JWT_SECRET'],
    message:
      'outside demo mode (KEJIN_DEMO=0) set JWT_SECRET to a secret of your own, at least 32 characters (openssl rand -base64 48)',
  })
  .refine((e) => e.KEJIN_DEMO === '1' || e.PAYLOAD_KEYS !== undefined, {
    path: ['PAYLOAD_KEYS'],
    message:
      'outside demo mode (KEJIN_DEMO=0) set PAYLOAD_KEYS, the keys that seal what Temporal stores (key1:$(openssl rand -base64 32))',
  })
  .refine((e) => e.KEJIN_DEMO === '1' || e.AUDIT_KEY !== undefined, {
    path: ['AUDIT_KEY'],
    message:
      "outside demo mode (KEJIN_DEMO=0) set AUDIT_KEY, the audit chain's key, at least 32 characters, kept out of the database",
  });
export type Config = z.infer<typeof Env>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`config: ${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  return parsed.data;
}
