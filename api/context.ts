import type { Client } from '@temporalio/client';
import type { Db } from '../db/index.js';
import type { Actor } from '../domain/roles.js';

export interface ApiDeps {
  db: Db;
  temporal: Client;
  jwtSecret: string;
  /** Base URL of the Temporal UI, for links from a case's history. */
  temporalUiUrl?: string;
  namespace?: string;
}

export interface AppEnv {
  Variables: { actor: Actor; idempotencyKey?: string };
}
