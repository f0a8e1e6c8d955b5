/**
 * What `npm start` leaves behind when it is killed outright (SIGKILL, a closed terminal): its
 * Temporal dev server, API and worker keep running, and so does PostgreSQL. Each start records
 * its processes under DATA_DIR/run (PostgreSQL keeps its own postmaster.pid), and the next start
 * stops whatever of them still runs before starting afresh — refusing instead if the `npm start`
 * that owns them is itself still alive.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface PidRecord {
  pid: number;
  /** A piece of the process's command line, so a reused process ID is never mistaken for ours. */
  marker: string;
}

const runDir = (dataDir: string) => join(dataDir, 'run');

export function recordPid(dataDir: string, name: string, pid: number | undefined, marker: string) {
  if (pid === undefined) return;
  mkdirSync(runDir(dataDir), { recursive: true });
  writeFileSync(join(runDir(dataDir), `${name}.pid`), JSON.stringify({ pid, marker } satisfies PidRecord));
}

const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return null; // gone
  }
};
const alive = (r: PidRecord) => commandLine(r.pid)?.includes(r.marker) ?? false;

async function stopProcess(r: PidRecord, signal: NodeJS.Signals, log: (m: string) => void, name: string) {
  log(`stopping the ${name} left running by an earlier start (pid ${r.pid})`);
  try {
    process.kill(r.pid, signal);
  } catch {
    return;
  }
  for (let waited = 0; waited < 15_000 && alive(r); waited += 200) await new Promise((res) => setTimeout(res, 200));
  if (alive(r)) process.kill(r.pid, 'SIGKILL');
  for (let waited = 0; waited < 5_000 && alive(r); waited += 100) await new Promise((res) => setTimeout(res, 100));
}

/** A start that stopped cleanly leaves no records (and so no owner that a backup would wait for). */
export const clearRecords = (dataDir: string) => rmSync(runDir(dataDir), { recursive: true, force: true });

/** Stops the processes an earlier start of this data directory left running. */
export async function stopOrphans(dataDir: string, log: (m: string) => void) {
  const dir = runDir(dataDir);
  const records = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.pid'))
        .map((f) => ({ name: f.slice(0, -4), ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as PidRecord) }))
    : [];
  const owner = records.find((r) => r.name === 'product');
  if (owner && owner.pid !== process.pid && alive(owner))
    throw new Error(`Kejin is already running from ${dataDir} (pid ${owner.pid}): stop it first (Ctrl-C)`);
  // the services first (they use the servers), then the servers
  for (const name of ['api', 'worker', 'temporal'])
    for (const r of records.filter((x) => x.name === name && alive(x))) await stopProcess(r, 'SIGTERM', log, name);
  const postmaster = join(dataDir, 'pg', 'postmaster.pid');
  if (existsSync(postmaster)) {
    const pid = Number(readFileSync(postmaster, 'utf8').split('\n')[0]);
    const pg = { pid, marker: join(dataDir, 'pg') };
    // SIGINT: PostgreSQL's fast shutdown (sessions ended, data written out)
    if (Number.isInteger(pid) && alive(pg)) await stopProcess(pg, 'SIGINT', log, 'PostgreSQL');
  }
  clearRecords(dataDir);
}
