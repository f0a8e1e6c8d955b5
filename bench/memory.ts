/**
 * `npm run bench:memory`: worker memory per case parked at a human step, and the price of an
 * evicted case. Admission cases are created and submitted through the API (they wait at municipal
 * review) in batches up to each of PARKED (default "1000,10000"); the worker's RSS is read from
 * /proc once it holds still: ready and idle (its workflow code bundled), then after each batch.
 * Then one decision on the oldest case (long evicted from the workflow cache, so the worker
 * replays its history) against one on the newest (cached).
 */
import { readFileSync } from 'node:fs';
import { applicantsWithApplications, privateProduct, runConcurrently, say, signIn } from './common.js';

const PARKED = (process.env.PARKED ?? '1000,10000').split(',').map(Number);
const C = Number(process.env.C ?? 8);

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
/**
 * RSS once it holds still (within 1 % for 5 s, at most a minute): V8 gives heap back a while after
 * work stops, so the empty worker and each batch are read the same way.
 */
async function settledRssKb(pid: number) {
  const seen = [rssKb(pid)];
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    seen.push(rssKb(pid));
    const last = seen.slice(-6);
    if (last.length === 6 && Math.max(...last) - Math.min(...last) <= Math.max(...last) * 0.01) break;
  }
  return seen.at(-1)!;
}
const product = await privateProduct();
try {
  const base = product.apiUrl;
  const pid = product.worker.pid()!;
  const reviewer = await signIn(base, 'gz_reviewer');
  say(`registering ${Math.max(...PARKED)} applicant organisations through the API…`);
  const applicants = await applicantsWithApplications(base, Math.max(...PARKED), C);
  // the worker ready and idle (its workflow code bundled at start), measured like every batch after
  const before = await settledRssKb(pid);
  const call = async (tok: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { ok: res.ok, json: (await res.json()) as { id: string } & Record<string, unknown> };
  };
  const ids: string[] = [];
  const park = async () => {
    const { token, data } = applicants.pop()!;
    const created = await call(token, 'POST', '/api/applications', data);
    if (!created.ok) return false;
    ids.push(created.json.id);
    return (await call(token, 'POST', `/api/applications/${created.json.id}/submit`)).ok;
  };
  say(`worker RSS with nothing parked: ${(before / 1024).toFixed(0)} MB (pid ${pid}, ready and idle)`);
  say('| parked cases | worker RSS MB | per parked case KB |');
  say('|---|---|---|');
  for (const target of PARKED) {
    await runConcurrently(target - ids.length, C, park);
    const rss = await settledRssKb(pid);
    say(`| ${ids.length} | ${(rss / 1024).toFixed(0)} | ${((rss - before) / ids.length).toFixed(0)} |`);
  }
  /** Claim and decide the municipal task of a case; the time of the decision alone. */
  const decide = async (caseId: string) => {
    const filter = encodeURIComponent(JSON.stringify({ caseId, status: 'open' }));
    const list = await fetch(`${base}/api/tasks?filter=${filter}`, {
      headers: { authorization: `Bearer ${reviewer}` },
    });
    const [task] = (await list.json()) as { id: string }[];
    await call(reviewer, 'POST', `/api/tasks/${task!.id}/claim`);
    const t = performance.now();
    await call(reviewer, 'POST', `/api/tasks/${task!.id}/complete`, { decision: 'approve', comment: '压测' });
    return performance.now() - t;
  };
  const evicted = await decide(ids[0]!);
  const cached = await decide(ids.at(-1)!);
  say(
    `decision on an evicted case ${evicted.toFixed(0)} ms, on a cached one ${cached.toFixed(0)} ms (${(evicted / cached).toFixed(2)}×)`,
  );
} finally {
  await product.dispose();
}
