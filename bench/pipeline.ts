/**
 * `npm run bench [-- --peer]`: the admission pipeline through the API, as the Flowable peer runs it
 * (../shared/peer/flowable/load.mjs): N pipelines, C at a time. Each pipeline: create + submit an
 * application (by the applicant of its own organisation), then for the municipal and the provincial step: the reviewer's inbox
 * query for the case, claim, complete (approve). Prints pipelines/s, decision p50/p99 and inbox
 * p50/p99, and the CPU seconds each process of the stack used. With --peer it then runs the
 * Flowable benchmark with the same N, C and warm-up and prints both side by side with ratios.
 *
 * `--cluster`: on the cluster topology (the Temporal server on PostgreSQL, two APIs and two
 * workers; requests spread over both APIs) instead of the dev server with one of each.
 *
 * Env: N (200), C (8), WARMUP (pipelines run first, untimed; default N), ROUNDS (1: with --peer,
 * Kejin then the peer, this many times, each Kejin round on a fresh stack; the table gives the
 * medians and the median of the rounds' ratios), KEJIN_URL (a running product to measure instead
 * of a private one started here), PEER_DIR (../shared/peer/flowable).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  applicantsWithApplications,
  cpuByProcess,
  cpuSpent,
  percentile,
  privateProduct,
  runConcurrently,
  say,
  signIn,
} from './common.js';

const N = Number(process.env.N ?? 200);
const C = Number(process.env.C ?? 8);
const WARMUP = Number(process.env.WARMUP ?? N);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
const withPeer = process.argv.includes('--peer');
/** The cluster topology: the Temporal server on PostgreSQL, two APIs, two workers (`npm run start:cluster`). */
const cluster = process.argv.includes('--cluster');
const ROOT = resolve(import.meta.dirname, '..');

interface Figures {
  pipelinesPerSecond: number;
  decisionP50: number;
  decisionP99: number;
  inboxP50: number;
  inboxP99: number;
}

/** `bases`: the product's API processes, each request to the next as a load balancer sends them. */
async function measureKejin(bases: string[]): Promise<Figures> {
  const base = bases[0]!;
  let turn = 0;
  const tokens: Record<string, string> = {};
  for (const user of ['gz_reviewer', 'province_reviewer']) tokens[user] = await signIn(base, user);
  say(`registering ${WARMUP + N} applicant organisations through the API (not timed)…`);
  const applicants = await applicantsWithApplications(base, WARMUP + N, C);
  /** `user`: a reviewer's name, or an applicant's token. */
  const call = async (user: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(bases[turn++ % bases.length] + path, {
      method,
      headers: { authorization: `Bearer ${tokens[user] ?? user}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const reply = { ok: res.ok, status: res.status, json: (await res.json()) as any };
    if (!reply.ok) firstFailure ??= `${method} ${path}: ${res.status} ${JSON.stringify(reply.json).slice(0, 300)}`;
    return reply;
  };
  let firstFailure: string | undefined;
  let decisions: number[] = [];
  let inbox: number[] = [];
  const timed = async <T>(into: number[], fn: () => Promise<T>) => {
    const t = performance.now();
    const r = await fn();
    into.push(performance.now() - t);
    return r;
  };
  const decide = async (user: string, caseId: string) => {
    const filter = encodeURIComponent(JSON.stringify({ caseId, status: 'open' }));
    const list = await timed(inbox, () => call(user, 'GET', `/api/tasks?filter=${filter}&range=[0,9]`));
    const task = (list.json as { id: string }[])[0];
    if (!task) return false;
    if (!(await call(user, 'POST', `/api/tasks/${task.id}/claim`)).ok) return false;
    const done = await timed(decisions, () =>
      call(user, 'POST', `/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '压测' }),
    );
    return done.ok;
  };
  let failures = 0;
  const pipeline = async () => {
    const { token, data } = applicants.pop()!;
    const created = await call(token, 'POST', '/api/applications', data);
    const ok =
      created.ok &&
      (await call(token, 'POST', `/api/applications/${created.json.id}/submit`)).ok &&
      (await decide('gz_reviewer', created.json.id)) &&
      (await decide('province_reviewer', created.json.id));
    if (!ok) failures++;
    return ok;
  };
  if (WARMUP > 0) {
    await runConcurrently(WARMUP, C, pipeline);
    decisions = [];
    inbox = [];
    failures = 0;
  }
  const cpuBefore = cpuByProcess();
  const t0 = performance.now();
  const done = await runConcurrently(N, C, pipeline);
  const secs = (performance.now() - t0) / 1000;
  const cpuAfter = cpuByProcess();
  const figures: Figures = {
    pipelinesPerSecond: done / secs,
    decisionP50: percentile(decisions, 0.5),
    decisionP99: percentile(decisions, 0.99),
    inboxP50: percentile(inbox, 0.5),
    inboxP99: percentile(inbox, 0.99),
  };
  say(`pipelines ${done}/${N} ok, ${failures} failed, concurrency ${C}, ${secs.toFixed(1)} s`);
  if (firstFailure) say(`first failure: ${firstFailure}`);
  say(`decision latency p50 ${figures.decisionP50.toFixed(0)} ms p99 ${figures.decisionP99.toFixed(0)} ms`);
  say(`inbox latency p50 ${figures.inboxP50.toFixed(0)} ms p99 ${figures.inboxP99.toFixed(0)} ms`);
  say(`load: ${figures.pipelinesPerSecond.toFixed(2)} pipelines/s`);
  say(`cpu (cores busy on average): ${cpuSpent(cpuBefore, cpuAfter, secs)}`);
  if (failures) process.exitCode = 1;
  return figures;
}

/** The Flowable peer with the same N, C and warm-up; its four lines parsed. */
function measurePeer(): Figures {
  const script = resolve(process.env.PEER_DIR ?? resolve(ROOT, '..', 'shared', 'peer', 'flowable'), 'run.sh');
  if (!existsSync(script)) throw new Error(`no peer benchmark at ${script} (set PEER_DIR)`);
  say(`\npeer: ${script} N=${N} C=${C} WARMUP=${WARMUP}`);
  const run = spawnSync('bash', [script], {
    cwd: ROOT,
    env: { ...process.env, N: String(N), C: String(C), WARMUP: String(WARMUP) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  say(run.stdout.trim());
  const num = (re: RegExp) => Number(re.exec(run.stdout)?.[1] ?? Number.NaN);
  return {
    pipelinesPerSecond: num(/load: ([\d.]+) pipelines\/s/),
    decisionP50: num(/decision latency p50 (\d+)/),
    decisionP99: num(/decision latency p50 \d+ ms p99 (\d+)/),
    inboxP50: num(/inbox latency p50 (\d+)/),
    inboxP99: num(/inbox latency p50 \d+ ms p99 (\d+)/),
  };
}

const external = process.env.KEJIN_URL;
const rounds: { kejin: Figures; peer?: Figures }[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  if (ROUNDS > 1) say(`\n## round ${round} of ${ROUNDS}`);
  const product = external ? undefined : await privateProduct(cluster);
  let kejin: Figures;
  try {
    say(
      `kejin: N=${N} C=${C} WARMUP=${WARMUP} ${external ? `against ${external}` : cluster ? '(a private cluster: the Temporal server on PostgreSQL, two APIs, two workers)' : '(a private stack: API and worker processes)'}`,
    );
    kejin = await measureKejin(external ? [external] : product!.apis.map((a) => a.url));
  } finally {
    await product?.dispose();
  }
  rounds.push({ kejin, peer: withPeer ? measurePeer() : undefined });
}
if (withPeer) {
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const pick = (key: keyof Figures) => ({
    kejin: median(rounds.map((r) => r.kejin[key])),
    peer: median(rounds.map((r) => r.peer![key])),
    // each round's ratio, Kejin and the peer run one after the other: the median of those is
    // steadier than a ratio of medians on a machine whose speed drifts within minutes
    ratios: rounds.map((r) => r.kejin[key] / r.peer![key]),
  });
  const row = (label: string, key: keyof Figures) => {
    const { kejin, peer, ratios } = pick(key);
    const digits = key === 'pipelinesPerSecond' ? 2 : 0;
    const each = ROUNDS > 1 ? ` ${ratios.map((x) => `${x.toFixed(2)}×`).join(' ')} |` : '';
    return `| ${label.padEnd(18)} | ${kejin.toFixed(digits).padStart(8)} | ${peer.toFixed(digits).padStart(9)} | ${median(ratios).toFixed(2).padStart(6)}× |${each}`;
  };
  if (ROUNDS > 1)
    say(`\n${ROUNDS} rounds, Kejin then Flowable in each: medians, the ratio the median of the rounds' ratios`);
  say(`\n| measure            |    Kejin | Flowable |  ratio |${ROUNDS > 1 ? ' each round |' : ''}`);
  say(`|--------------------|----------|-----------|--------|${ROUNDS > 1 ? '------------|' : ''}`);
  say(row('pipelines/s', 'pipelinesPerSecond'));
  say(row('decision p50 ms', 'decisionP50'));
  say(row('decision p99 ms', 'decisionP99'));
  say(row('inbox p50 ms', 'inboxP50'));
  say(row('inbox p99 ms', 'inboxP99'));
}
