import type { Client } from '@temporalio/client';
import type { Log } from '../activities/requestTrail.js';
import type { Db } from '../db/index.js';
import type { SessionPolicy } from '../db/queries/sessions.js';
import type { Actor } from '../domain/roles.js';
import type { LiveEvents } from './events.js';
import type { PdfSigner } from './pdfSignature.js';

export interface ApiDeps {
  db: Db;
  temporal: Client;
  jwtSecret: string;
  /** Base URL of the Temporal UI, for links from a case's history. */
  temporalUiUrl?: string;
  namespace?: string;
  /** Live updates: resources register who may see their cases (set by createApp). */
  live?: LiveEvents;
  /**
   * This API process's stable name (API_INSTANCE; default host:port): the owner of the
   * idempotency leases it takes. A process started under the same name releases them.
   */
  instance?: string;
  /** Idle timeout and absolute lifetime of sessions (default 30 minutes, 8 hours). */
  sessions?: SessionPolicy;
  /** Where each request is logged with its id (scripts/prod/services.ts: JSON lines on stdout); none: not logged. */
  log?: Log;
  /** TRUSTED_PROXIES: whose `X-Forwarded-For` names the client (api/clientAddress.ts). */
  trustedProxies?: string;
  /** The certificate the 审批单 is signed with (api/pdfSignature.ts); undefined: a demo one; null: unsigned. */
  signer?: PdfSigner | null;
}

/** An entry of the operation log (api/operationLog.ts). */
export interface Operation {
  action: string;
  /** Who, when nobody is signed in yet (a login). */
  username?: string;
  detail?: Record<string, unknown>;
}

export interface AppEnv {
  Variables: {
    /** The caller's address (api/clientAddress.ts): what throttles and the operation log key on. */
    clientAddress: string;
    /** What this request was, for the operation log, when its handler says so itself. */
    operation?: Operation;
    actor: Actor;
    /** Colleagues the actor stands in for now (代理), read with the session. */
    principals: Actor[];
    sessionId: string;
    idempotencyKey?: string;
    /** A retry that took over a request whose API died: send its Update again, whatever the state. */
    reattach?: boolean;
  };
}
