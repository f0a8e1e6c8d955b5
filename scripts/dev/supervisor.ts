/**
 * The API and the worker run as separate Node processes (one core each), started and watched by
 * `npm start` (and by the benchmark): a service that dies is started again after a short pause; a
 * stop sends SIGTERM, so each drains what it has in flight, then SIGKILL after a grace period.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface Service {
  readonly name: string;
  /** The current child's process ID (changes when it is restarted). */
  pid(): number | undefined;
  stop(): Promise<void>;
  /** Starts a stopped service again (a drill that stopped it hands the product back whole). */
  resume(): void;
}

/**
 * The worker's Node flags: its workflow thread without the SDK's per-call costs
 * (scripts/prod/workflowThread.cjs), and a heap that collects before it grows past 384 MB (it holds 50
 * cached cases; bench:memory, with MALLOC_ARENA_MAX below: ~300 KB per parked case at 1,000 instead of 578).
 */
export const WORKER_NODE_ARGS = [
  '--require',
  resolve(ROOT, 'scripts', 'prod', 'workflowThread.cjs'),
  '--max-old-space-size=384',
];
/** glibc's allocator keeps fewer per-thread arenas (the SDK's native threads): less memory held, not used. */
export const WORKER_ENV = { MALLOC_ARENA_MAX: '2' };

/**
 * Every service collects garbage on its own thread (`--single-threaded-gc`): on one machine with
 * Temporal and PostgreSQL, V8's parallel helpers only compete for the same cores — the pipeline
 * bench ran ~10 % more cases a second without them (bench/README.md). Compose leaves them on: there
 * a service has cores of its own.
 */
const SHARED_MACHINE_NODE_ARGS = ['--single-threaded-gc'];

/** Runs `scripts/<entry>.ts` under tsx with `env` added, restarting it whenever it exits unasked. */
export function superviseService(opts: {
  name: string;
  entry: string;
  /** Node flags of this service (before tsx). */
  nodeArgs?: string[];
  env: Record<string, string | undefined>;
  log: (line: string) => void;
  /** Seconds a stopping service gets to drain before SIGKILL (default 25). */
  graceSeconds?: number;
  /** Told each new child's process ID (npm start records it, to find it after a crash). */
  onSpawn?: (pid: number | undefined) => void;
}): Service {
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;
  const start = () => {
    const startedAt = Date.now();
    // SERVICE_NODE_ARGS: extra Node flags for the services, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
    const nodeArgs = process.env.SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    child = spawn(
      process.execPath,
      [...nodeArgs, ...SHARED_MACHINE_NODE_ARGS, ...(opts.nodeArgs ?? []), '--import', 'tsx', entryPath(opts.entry)],
      {
        cwd: ROOT,
        env: { ...process.env, ...opts.env },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    opts.onSpawn?.(child.pid);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      // a service that ran for a minute starts afresh; one that keeps failing waits longer each time
      restarts = Date.now() - startedAt > 60_000 ? 1 : restarts + 1;
      const delay = Math.min(30_000, 500 * 2 ** (restarts - 1));
      opts.log(`${opts.name} exited (${signal ?? `code ${code}`}); restarting in ${(delay / 1000).toFixed(1)} s`);
      setTimeout(() => !stopping && start(), delay).unref();
    });
  };
  start();
  return {
    name: opts.name,
    pid: () => child?.pid,
    resume: () => {
      if (!stopping) return;
      stopping = false;
      start();
    },
    stop: () =>
      new Promise<void>((done) => {
        stopping = true;
        if (!child || child.exitCode !== null || child.signalCode !== null) return done();
        const timer = setTimeout(() => child?.kill('SIGKILL'), (opts.graceSeconds ?? 25) * 1000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

const entryPath = (entry: string) => resolve(ROOT, 'scripts', 'prod', `${entry}.ts`);

/** Waits until `url` answers 200 (the API's health check), or throws after `seconds`. */
export async function waitForHttp(url: string, seconds = 120): Promise<void> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    if (Date.now() > until) throw new Error(`${url} did not answer within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
