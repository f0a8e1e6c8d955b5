/** What the benchmarks share: a private product stack, percentiles, and the CPU each process used. */
import { readdirSync, readFileSync } from 'node:fs';
import { startPrivateProduct } from '../scripts/product.js';

export const say = (line: string) => console.log(line);

/** The whole product (API and worker processes) in a throw-away data directory, on free ports. */
export const privateProduct = () => startPrivateProduct('bench', (m) => console.error(`[bench] ${m}`));

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : Number.NaN;
}

const TICKS = 100; // USER_HZ on Linux
/** CPU seconds so far of each of the stack's processes, by process ID, with its kind. */
export function cpuByProcess(): Map<number, { kind: string; seconds: number }> {
  const kinds: [string, RegExp][] = [
    ['api', /scripts\/api\.ts/],
    ['worker', /scripts\/worker\.ts/],
    ['temporal', /temporal server start-dev/],
    ['postgres', /^postgres|\/postgres\b/],
  ];
  const out = new Map<number, { kind: string; seconds: number }>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const kind = Number(pid) === process.pid ? 'bench' : kinds.find(([, re]) => re.test(cmd))?.[0];
      if (!kind) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), { kind, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS }); // utime + stime
    } catch {} // the process ended meanwhile
  }
  return out;
}

/**
 * Cores each kind of process kept busy between two readings (processes that ended are left out);
 * `bench` is this process: the load generator and, in a private stack, the local SMTP server.
 */
export function coresBusy(
  before: ReturnType<typeof cpuByProcess>,
  after: ReturnType<typeof cpuByProcess>,
  secs: number,
) {
  const busy: Record<string, number> = { api: 0, worker: 0, temporal: 0, postgres: 0, bench: 0 };
  for (const [pid, p] of after) busy[p.kind]! += (p.seconds - (before.get(pid)?.seconds ?? 0)) / secs;
  return Object.entries(busy)
    .map(([kind, cores]) => `${kind} ${cores.toFixed(2)}`)
    .join(', ');
}

/** Runs `work(i)` for i in 0..n-1 with `c` at a time; resolves with how many returned true. */
export async function runConcurrently(n: number, c: number, work: (i: number) => Promise<boolean>) {
  let next = 0;
  let ok = 0;
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) if (await work(next++)) ok++;
    }),
  );
  return ok;
}
