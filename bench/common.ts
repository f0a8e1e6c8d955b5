/** What the benchmarks share: a private product stack, percentiles, and the CPU each process used. */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { basename, join } from 'node:path';
import type { ApplicationData } from '../domain/application.js';
import { DEMO_PASSWORD, demoOtp } from '../scripts/demo/demoUsers.js';
import { CLUSTER, startPrivateProduct } from '../scripts/dev/product.js';
import { buildApplication } from '../tests/support/builders.js';

/**
 * The figures of a run: printed, and written to `bench/results/<script>.md` (the results table
 * the README links to; `<script>-cluster.md` for a run on the cluster topology), which the
 * script's first line replaces with this run's.
 */
const results = join(
  import.meta.dirname,
  'results',
  `${basename(process.argv[1] ?? 'bench', '.ts')}${process.argv.includes('--cluster') ? '-cluster' : ''}.md`,
);
let started = false;
export const say = (line: string) => {
  console.log(line);
  if (!started) {
    started = true;
    mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
    const env = ['N', 'C', 'WARMUP', 'ROUNDS', 'SIZES', 'REQUESTS', 'READERS']
      .filter((k) => process.env[k])
      .map((k) => `${k}=${process.env[k]}`)
      .join(' ');
    writeFileSync(
      results,
      `Written by \`${[basename(results, '.md'), ...process.argv.slice(2)].join(' ')}\`${env ? ` (${env})` : ''} on ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}).\n\n`,
    );
  }
  // a table's rows stand together; any other line is a paragraph of its own
  appendFileSync(results, line.startsWith('|') ? `${line}\n` : `\n${line}\n`);
};

/** The whole product (API and worker processes) in a throw-away data directory, on free ports. */
/** A product of the bench's own: one API and one worker on the dev server, or (`cluster`) the cluster topology. */
export const privateProduct = (cluster = false) =>
  startPrivateProduct('bench', (m) => console.error(`[bench] ${m}`), {}, cluster ? CLUSTER : undefined);

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : Number.NaN;
}

const TICKS = 100; // USER_HZ on Linux
/** CPU seconds so far of each of the stack's processes, by process ID, with its kind. */
export function cpuByProcess(): Map<number, { kind: string; seconds: number }> {
  const kinds: [string, RegExp][] = [
    ['api', /scripts\/prod\/api\.ts/],
    ['worker', /scripts\/prod\/worker\.ts/],
    ['temporal', /temporal server start-dev|temporal-server-v[\d.]+\/server/],
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
 * CPU seconds each kind of process used between two readings, divided by `per` (processes that
 * ended are left out); `bench` is this process: the load generator and, in a private stack, the
 * local SMTP server. Per wall-clock second: the cores each kept busy; per request: its CPU.
 */
export function cpuSpent(
  before: ReturnType<typeof cpuByProcess>,
  after: ReturnType<typeof cpuByProcess>,
  per: number,
  { digits = 2, kinds = ['api', 'worker', 'temporal', 'postgres', 'bench'] } = {},
) {
  const spent = Object.fromEntries(kinds.map((k) => [k, 0]));
  for (const [pid, p] of after)
    if (p.kind in spent) spent[p.kind]! += (p.seconds - (before.get(pid)?.seconds ?? 0)) / per;
  return kinds.map((kind) => `${kind} ${spent[kind]!.toFixed(digits)}`).join(', ');
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

/** Signs in through the API; the token. */
export async function signIn(base: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, otp: demoOtp(username) }),
  });
  if (!res.ok) throw new Error(`cannot sign in as ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/**
 * `n` applications, each with the signed-in applicant of its own organisation: an organisation
 * applies for its own registered credit code, one application at a time, so the administrator
 * registers each organisation and its account through the API first (机构登记), `c` at a time.
 */
export async function applicantsWithApplications(base: string, n: number, c: number) {
  const admin = await signIn(base, 'admin');
  const post = async (path: string, body: unknown) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  const password = 'Bench-applicant-1';
  const made: { token: string; data: ApplicationData }[] = [];
  await runConcurrently(n, c, async () => {
    const data = buildApplication();
    const username = `b-${data.creditCode.toLowerCase()}`;
    const organizationId = `org-${data.creditCode.toLowerCase()}`;
    await post('/api/organizations', {
      id: organizationId,
      name: data.orgName,
      creditCode: data.creditCode,
      city: data.city,
    });
    await post('/api/users', {
      username,
      password,
      displayName: data.orgName,
      roles: ['applicant'],
      city: data.city,
      organizationId,
    });
    made.push({ token: await signIn(base, username, password), data });
    return true;
  });
  return made;
}

const keepAlive = new Agent({ keepAlive: true });
/**
 * A GET over kept-alive connections with node:http: a reader that costs this process a fraction of
 * what `fetch` does (its WHATWG streams and headers), so on one machine the bench takes fewer of
 * the cores the product is measured on.
 */
export function get(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      request(url, { agent: keepAlive, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    },
  );
}
