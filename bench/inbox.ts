/**
 * `npm run bench:inbox`: reviewers' first inbox page over many tasks. Synthetic tasks go into the
 * real `tasks` table of a private stack (75 % open, over 21 cities, four steps and their roles, a
 * share claimed), then 10 concurrent readers ask `GET /api/tasks` (the console's first page: open
 * tasks by due date, 25 rows and the total) for four inboxes: a city reviewer (gz_reviewer), the
 * provincial reviewer, `assignee=me` and `overdue`, and the same readers on the cheapest signed-in
 * request (the floor: a session and one small row). Prints p50/p99 per inbox and size, the CPU a
 * request cost each process (API, PostgreSQL, this bench's client), and the query plan of the page
 * with its total (EXPLAIN ANALYZE of the API's own query).
 *
 * Env: SIZES (default "100000,1000000"), REQUESTS timed per inbox (default 1000: the p99 is the 10th
 * slowest, not the 3rd, which one pause of the machine under ten readers decides), WARMUP untimed
 * reads of each inbox first (default 1000), READERS (default 10).
 */
import { sql } from 'kysely';
import { queueEntriesList, taskListBase, taskListSpec } from '../api/routes/tasks.js';
import { createDb } from '../db/index.js';
import { pageQueries } from '../db/queries/pages.js';
import { openQueuePageStatement } from '../db/queries/tasks.js';
import { activePrincipals, findUserByUsername, toActor } from '../db/queries/users.js';
import { GUANGDONG_CITIES } from '../domain/cities.js';
import { DEMO_PASSWORD } from '../scripts/demo/demoUsers.js';
import { cpuByProcess, cpuSpent, get, percentile, privateProduct, runConcurrently, say } from './common.js';

const SIZES = (process.env.SIZES ?? '100000,1000000').split(',').map(Number);
const REQUESTS = Number(process.env.REQUESTS ?? 1000);
const READERS = Number(process.env.READERS ?? 10);
const WARMUP = Number(process.env.WARMUP ?? 1000);

const INBOXES = [
  { name: 'city reviewer (广州)', user: 'gz_reviewer', filter: { status: 'open' } },
  { name: 'provincial reviewer', user: 'province_reviewer', filter: { status: 'open' } },
  { name: 'assignee=me', user: 'gz_reviewer', filter: { status: 'open', assignee: 'me' } },
  { name: 'overdue (province)', user: 'province_reviewer', filter: { status: 'open', overdue: true } },
];

const product = await privateProduct();
const { db, apiUrl } = product;
const tokens: Record<string, string> = {};
try {
  for (const user of new Set(INBOXES.map((i) => i.user))) {
    const res = await fetch(`${apiUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: DEMO_PASSWORD }),
    });
    tokens[user] = ((await res.json()) as { token: string }).token;
  }
  let have = 0;
  for (const size of SIZES) {
    const t = performance.now();
    await addTasks(have, size - have);
    have = size;
    // statistics and the visibility map are the owner's to gather (the application role may not
    // VACUUM): what autovacuum does after a bulk insert, done now rather than during the measurements
    const owner = createDb(product.ownerUrl, 1);
    await sql`vacuum analyze tasks, task_queue`.execute(owner);
    await owner.destroy();
    say(`\n## ${size.toLocaleString('en')} tasks (${((performance.now() - t) / 1000).toFixed(0)} s to insert)`);
    say('| inbox | p50 ms | p99 ms | total | CPU ms per request |');
    say('|---|---|---|---|---|');
    // a settling pass first, untimed: what a server that has been running is past. PostgreSQL writes
    // the inserted pages out, and V8 optimises the API's code: over the first ~1,000 requests a
    // request costs the API (and this bench's client) about twice the CPU it does after
    for (const inbox of INBOXES) await read(inbox.user, inboxPath(inbox), WARMUP);
    for (const inbox of INBOXES) await measure(inbox.name, inbox.user, inboxPath(inbox));
    // the floor: a signed-in request that reads one small row (the session's query, then the caller's 代理)
    await measure('floor: one small read (GET /api/users/me/proxy)', 'gz_reviewer', '/api/users/me/proxy');
    if (process.env.PLANS !== '0') for (const inbox of INBOXES) await printPlans(inbox);
  }
} finally {
  await product.dispose();
}

/** The console's first page of an inbox: open tasks by due date, 25 rows and the total. */
function inboxPath(inbox: (typeof INBOXES)[number]) {
  return `/api/tasks?filter=${encodeURIComponent(JSON.stringify(inbox.filter))}&sort=${encodeURIComponent('["dueAt","ASC"]')}&range=[0,24]`;
}

/** One request of `path` as `user`. */
function ask(user: string, path: string) {
  return get(apiUrl + path, { authorization: `Bearer ${tokens[user]}` });
}

/** `n` untimed reads of `path` by READERS at once. */
function read(user: string, path: string, n: number) {
  return runConcurrently(n, READERS, async () => (await ask(user, path)).status === 200);
}

/** REQUESTS reads of `path` by READERS at once: a row of the table. */
async function measure(name: string, user: string, path: string) {
  const times: number[] = [];
  let total = '';
  // untimed first: every pooled connection's first query of a statement loads PostgreSQL's caches
  await read(user, path, READERS * 5);
  const cpuBefore = cpuByProcess();
  await runConcurrently(REQUESTS, READERS, async () => {
    const t0 = performance.now();
    const res = await ask(user, path);
    times.push(performance.now() - t0);
    total = String(res.headers['content-range'] ?? '').split('/')[1] ?? '—';
    return res.status === 200;
  });
  // per request, in ms: the processes a list request reaches
  const cpu = cpuSpent(cpuBefore, cpuByProcess(), REQUESTS / 1000, { digits: 1, kinds: ['api', 'postgres', 'bench'] });
  say(`| ${name} | ${percentile(times, 0.5).toFixed(1)} | ${percentile(times, 0.99).toFixed(1)} | ${total} | ${cpu} |`);
}

/** `count` synthetic tasks numbered from `from`: what a year of a busy network leaves in the table (each its own step run). */
async function addTasks(from: number, count: number) {
  const cities = sql.val([...GUANGDONG_CITIES]);
  const chunk = 100_000;
  for (let start = from; start < from + count; start += chunk) {
    const n = Math.min(chunk, from + count - start);
    await sql`
      insert into tasks (id, case_type, case_id, workflow_id, step_run, title, step, role, candidate_roles, city,
        assignee, due_at, priority, status, escalation_level, created_at, completed_by, completed_at, conflict_city, panel)
      select 'bench-' || i, 'admission', 'case-' || i, 'bench-wf-' || i, 'run-' || i, '压测机构 ' || i,
        s.step, s.role, array[s.role], case when s.step = 'municipal_review' then (${cities}::text[])[1 + (i / 28) % 21] end,
        case when i % 10 = 3 then (case when i % 500 = 3 then 'gz_reviewer' else 'user' || (i % 50) end) end,
        now() + ((i % 61) - 30) * interval '1 day', i % 2,
        case when i % 4 = 0 then 'done' else 'open' end, 0, now() - interval '40 days',
        case when i % 4 = 0 then 'user' || (i % 50) end, case when i % 4 = 0 then now() - interval '1 day' end,
        case when s.step = 'expert_review' then (${cities}::text[])[1 + i % 21] end, false
      from generate_series(${start}::int, ${start + n - 1}::int) as i
      cross join lateral (select (array['municipal_review','provincial_review','expert_review','payout_approval'])[1 + (i / 7) % 4] as step) st
      cross join lateral (select st.step, case st.step when 'municipal_review' then 'municipal_reviewer'
        when 'provincial_review' then 'provincial_reviewer' when 'expert_review' then 'expert' else 'finance' end as role) s`.execute(
      db,
    );
  }
}

async function printPlans(inbox: (typeof INBOXES)[number]) {
  const actor = toActor((await findUserByUsername(db, inbox.user))!);
  const principals = await activePrincipals(db, actor);
  const query = { filter: inbox.filter, sort: ['dueAt', 'ASC'] as [string, 'ASC'], range: [0, 24] as [number, number] };
  // the statement the API sends: from the queue's entries where they answer the list, else by the rules
  const entries = queueEntriesList(query);
  const compiled = entries
    ? openQueuePageStatement([actor, ...principals], entries.filter, entries.page).compile(db)
    : pageQueries(taskListBase(db, actor, principals, query), query, taskListSpec(actor, query)).rows.compile();
  const plan = await sql<{
    'QUERY PLAN': string;
  }>`explain (analyze, buffers) ${sql.raw(compiled.sql.replace(/\$(\d+)/g, (_, i) => literal(compiled.parameters[Number(i) - 1])))}`.execute(
    db,
  );
  say(`\n${inbox.name} — page and its total (one query${entries ? ', from the queue entries' : ''}):`);
  for (const row of plan.rows) say(`    ${row['QUERY PLAN']}`);
}

/** A parameter as an SQL literal, so EXPLAIN runs the statement as the API sends it. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `array[${v.map(literal).join(',')}]::text[]`;
  if (v instanceof Date) return `'${v.toISOString()}'`;
  return `'${String(v).replaceAll("'", "''")}'`;
}
