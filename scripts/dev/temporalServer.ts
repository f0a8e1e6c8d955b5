/**
 * The real Temporal server (not the dev server) with its persistence and visibility in
 * PostgreSQL: the cluster topology of `npm run start:cluster` and of compose. The official server
 * and its `temporal-sql-tool` are built once from their Go module at a pinned version into a cache
 * (about five minutes on two cores); the schemas are the module's own `schema/postgresql/v12`
 * files, set up by that tool; the configuration is the module's `development-postgres12.yaml`,
 * with this machine's ports and database.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { freePort } from './stack.js';

export const TEMPORAL_SERVER_VERSION = 'v1.30.4';
const MODULE = 'go.temporal.io/server';
/** Where the built server, its SQL tool and its schemas are kept (KEJIN_CACHE, or ~/.cache/kejin). */
const cacheDir = () =>
  join(process.env.KEJIN_CACHE ?? join(homedir(), '.cache', 'kejin'), `temporal-server-${TEMPORAL_SERVER_VERSION}`);

/** The server, `temporal-sql-tool` and the PostgreSQL schemas, built from the Go module when not cached. */
export function temporalServerBuild(log: (m: string) => void = () => {}) {
  const dir = cacheDir();
  const built = {
    server: join(dir, 'server'),
    sql: join(dir, 'sql'),
    schema: join(dir, 'schema', 'postgresql', 'v12'),
  };
  if (existsSync(built.server) && existsSync(built.sql) && existsSync(built.schema)) return built;
  mkdirSync(dir, { recursive: true });
  log(`building the Temporal server ${TEMPORAL_SERVER_VERSION} from its Go module (once, about five minutes)`);
  for (const cmd of ['cmd/server', 'cmd/tools/sql']) {
    const go = spawnSync('go', ['install', `${MODULE}/${cmd}@${TEMPORAL_SERVER_VERSION}`], {
      env: { ...process.env, GOBIN: dir, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (go.status !== 0) throw new Error(`go install ${MODULE}/${cmd}: ${go.stderr}`);
  }
  const modcache = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim();
  cpSync(join(modcache, `${MODULE}@${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12'), built.schema, {
    recursive: true,
  });
  return built;
}

/** A free port below 32768 (the ephemeral range starts above it on Linux). */
async function freeLowPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/** The server's configuration: development-postgres12.yaml with these ports, database and user. */
function serverConfig(o: {
  pg: { host: string; port: number; user: string; password: string };
  ports: Record<'frontend' | 'http' | 'history' | 'matching' | 'worker' | 'metrics', number>;
  membership: Record<'frontend' | 'history' | 'matching' | 'worker', number>;
}) {
  const store = (database: string, conns: number) => `
      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "${o.pg.host}:${o.pg.port}"
        connectProtocol: "tcp"
        user: "${o.pg.user}"
        password: "${o.pg.password}"
        maxConns: ${conns}
        maxIdleConns: ${conns}
        maxConnLifetime: "1h"`;
  const service = (name: 'frontend' | 'history' | 'matching' | 'worker') => `
  ${name}:
    rpc:
      grpcPort: ${o.ports[name]}
      membershipPort: ${o.membership[name]}
      bindOnLocalHost: true${name === 'frontend' ? `\n      httpPort: ${o.ports.http}` : ''}`;
  return `log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:${store('temporal', 8)}
    postgres-visibility:${store('temporal_visibility', 2)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:${o.ports.metrics}"
services:${service('frontend')}${service('matching')}${service('history')}${service('worker')}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${o.ports.frontend}"
dcRedirectionPolicy:
  policy: "noop"
`;
}

/** Both Temporal databases, created and brought to the module's schema version by temporal-sql-tool. */
function setUpSchemas(sql: string, schema: string, pg: { host: string; port: number; user: string; password: string }) {
  const tool = (db: string, ...args: string[]) =>
    spawnSync(
      sql,
      [
        '--plugin',
        'postgres12',
        '--ep',
        pg.host,
        '-p',
        String(pg.port),
        '-u',
        pg.user,
        '--pw',
        pg.password,
        '--db',
        db,
        ...args,
      ],
      { encoding: 'utf8' },
    );
  for (const [db, dir] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    tool(db, 'create-database'); // refused when it exists: nothing to do
    const versioned = join(schema, dir, 'versioned');
    const setUp = tool(db, 'setup-schema', '-v', '0.0'); // refused once set up
    const updated = tool(db, 'update-schema', '-d', versioned);
    if (updated.status !== 0) throw new Error(`temporal-sql-tool ${db}: ${setUp.stderr}\n${updated.stderr}`);
  }
}

/**
 * Starts the Temporal server on the PostgreSQL at `pg` (its own two databases), in `dir`, and
 * answers with its frontend address once the default namespace is registered.
 */
export async function startTemporalServer(opts: {
  dir: string;
  pg: { host: string; port: number; user: string; password: string };
  log?: (m: string) => void;
}) {
  const built = temporalServerBuild(opts.log);
  setUpSchemas(built.sql, built.schema, opts.pg);
  const ports = {
    frontend: await freePort(),
    http: await freePort(),
    history: await freePort(),
    matching: await freePort(),
    worker: await freePort(),
    metrics: await freePort(),
  };
  // the cluster's membership table keeps its ports as smallint: below 32768
  const membership = {
    frontend: await freeLowPort(),
    history: await freeLowPort(),
    matching: await freeLowPort(),
    worker: await freeLowPort(),
  };
  mkdirSync(opts.dir, { recursive: true });
  const configFile = join(opts.dir, 'temporal-server.yaml');
  writeFileSync(configFile, serverConfig({ pg: opts.pg, ports, membership }));
  const address = `127.0.0.1:${ports.frontend}`;
  const launch = () => {
    const child = spawn(built.server, ['--config-file', configFile, '--allow-no-auth', 'start'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // its log (warnings and errors) is kept for the reason of an exit
    let stderr = '';
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (b) => (stderr = (stderr + b).slice(-4000)));
    return { child, stderr: () => stderr };
  };
  let server = launch();
  const ready = async () => {
    for (let i = 0; i < 240; i++) {
      if (server.child.exitCode !== null || server.child.signalCode !== null)
        throw new Error(`the Temporal server exited: ${server.stderr()}`);
      try {
        const connection = await Connection.connect({ address, connectTimeout: 1_000 });
        try {
          await connection.workflowService.registerNamespace({
            namespace: 'default',
            workflowExecutionRetentionPeriod: msToTs('7 days'),
          });
        } catch (e) {
          if (!/already/i.test(String(e))) throw e;
        }
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        await connection.close();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    throw new Error(`the Temporal server did not answer at ${address}: ${server.stderr()}`);
  };
  await ready();
  const stopChild = async () => {
    const { child } = server;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    address,
    pid: () => server.child.pid,
    /** Kills it at once (a crash), as a fault test does. */
    kill: () => server.child.kill('SIGKILL'),
    /** Starts it again on the same databases and ports. */
    restart: async () => {
      await stopChild();
      server = launch();
      await ready();
    },
    stop: stopChild,
  };
}
