/**
 * `npm run backup` and `npm run restore -- <archive>`: the embedded PostgreSQL and the Temporal
 * dev server's database, as one archive taken at one moment. Cases live in both (the workflow in
 * Temporal, its record in PostgreSQL), so the snapshot is taken with both stopped: a backup
 * refuses while `npm start` runs from the same data directory (and first stops what a killed
 * start left running). The archive holds the data directories byte for byte, owners kept, and
 * a manifest with each file's SHA-256; a restore unpacks beside the data, checks every file, moves
 * whatever the data directory held aside (nothing is deleted) and puts the backup in its place.
 *
 * The cluster topology (`npm run start:cluster`) keeps both stores in one PostgreSQL — Kejin's
 * database and Temporal's two — so one base backup of that PostgreSQL is a consistent snapshot of
 * every case, taken **while the product runs**: PostgreSQL's own low-level backup
 * (`pg_backup_start`, a copy of its files, `pg_backup_stop`, the write-ahead log written
 * meanwhile and the backup label), which PostgreSQL replays to the moment the backup ended when
 * the restored copy starts. With your own PostgreSQL and Temporal cluster, use their own backup
 * tools (`pg_basebackup` of the cluster holding all three databases).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import pg from 'pg';
import { migrations } from '../../db/migrations/index.js';
import { stopOrphans } from '../dev/orphans.js';
import { EMBEDDED_SUPERUSER } from '../dev/stack.js';
import { loadConfig } from '../prod/config.js';

/** What a data directory holds: PostgreSQL and the dev server's database, or (the cluster) PostgreSQL alone. */
const partsOf = (dataDir: string) =>
  existsSync(join(dataDir, 'temporal-server')) && !existsSync(join(dataDir, 'temporal')) ? ['pg'] : ['pg', 'temporal'];
const MANIFEST = 'kejin-backup.json';
interface Manifest {
  createdAt: string;
  /** The last migration the data had (a restore into an older Kejin would not know it). */
  migration: string;
  /** The data directories it holds (archives before the cluster topology: pg and temporal). */
  parts?: string[];
  /** Taken while the product ran (the cluster topology's base backup). */
  online?: boolean;
  files: Record<string, string>;
}

/** Runs tar; `changing`: the files are being written meanwhile (tar's status 1, "file changed", is expected). */
function tar(args: string[], changing = false) {
  const run = spawnSync('tar', args, { encoding: 'utf8' });
  if (run.status !== 0 && !(changing && run.status === 1)) throw new Error(`tar ${args.join(' ')}: ${run.stderr}`);
}
/** A file's SHA-256, read in 1 MiB pieces (PostgreSQL's segment files are up to 1 GiB). */
function sha256(file: string) {
  const hash = createHash('sha256');
  const piece = Buffer.alloc(1 << 20);
  const fd = openSync(file, 'r');
  try {
    for (let n = readSync(fd, piece); n > 0; n = readSync(fd, piece)) hash.update(piece.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
const stamp = () => new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
/** PostgreSQL's socket and its lock: the server's while it runs, not data. */
const SOCKET_FILES = '.s.PGSQL.*';
const isSocketFile = (name: string) => name.startsWith('.s.PGSQL.');
/** Every file under `dir`, with its SHA-256, by path relative to `root`. */
function hashes(root: string, dir: string, into: Record<string, string> = {}) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hashes(root, path, into);
    else if (!isSocketFile(name)) into[relative(root, path)] = sha256(path);
  }
  return into;
}

/** The port of the PostgreSQL running on `pgDir`, or null when none runs (its postmaster.pid). */
function runningPostgres(pgDir: string): number | null {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
    return Number(port);
  } catch {
    return null;
  }
}

/**
 * The cluster topology's base backup while it runs, into `staging/pg`: its files copied between
 * pg_backup_start and pg_backup_stop, then the write-ahead log and the backup label.
 */
async function baseBackup(dataDir: string, port: number, staging: string) {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    database: 'postgres',
    user: EMBEDDED_SUPERUSER.user,
    password: EMBEDDED_SUPERUSER.password,
  });
  await client.connect();
  try {
    await client.query('select pg_backup_start($1, true)', [`kejin ${stamp()}`]);
    const base = join(staging, 'base.tar');
    // what PostgreSQL rebuilds or the running server alone holds stays out (its documented list)
    const transient = [
      'pg_wal',
      'pg_replslot',
      'pg_stat_tmp',
      'pg_dynshmem',
      'pg_notify',
      'pg_serial',
      'pg_snapshots',
      'pg_subtrans',
    ];
    tar(
      [
        '--create',
        '--same-owner',
        '--ignore-failed-read',
        '--warning=no-file-changed',
        `--exclude=${SOCKET_FILES}`,
        '--exclude=pg/postmaster.pid',
        '--exclude=pg/postmaster.opts',
        ...transient.map((d) => `--exclude=pg/${d}/*`),
        '--file',
        base,
        '--directory',
        dataDir,
        'pg',
      ],
      true,
    );
    const { rows } = await client.query<{ labelfile: string; spcmapfile: string }>(
      'select labelfile, spcmapfile from pg_backup_stop(false)',
    );
    tar(['--extract', '--same-owner', '--same-permissions', '--file', base, '--directory', staging]);
    rmSync(base);
    // the log written up to the backup's end, which the restored server replays
    tar(['--create', '--same-owner', '--file', base, '--directory', dataDir, 'pg/pg_wal'], true);
    tar(['--extract', '--same-owner', '--same-permissions', '--file', base, '--directory', staging]);
    rmSync(base);
    const owner = statSync(join(staging, 'pg'));
    for (const [name, text] of [
      ['backup_label', rows[0]!.labelfile],
      ['tablespace_map', rows[0]!.spcmapfile],
    ] as const) {
      if (!text) continue;
      writeFileSync(join(staging, 'pg', name), text, { mode: 0o600 });
      chownSync(join(staging, 'pg', name), owner.uid, owner.gid);
    }
  } finally {
    await client.end();
  }
}

/**
 * Writes the archive (default DATA_DIR/backups/kejin-<time>.tar.gz) and answers its path. The
 * cluster topology is backed up while it runs; the one-machine topology only when stopped.
 */
export async function backup(dataDir: string, out?: string): Promise<string> {
  const parts = partsOf(dataDir);
  if (!parts.every((p) => existsSync(join(dataDir, p)))) throw new Error(`no Kejin data under ${dataDir}`);
  const port = parts.length === 1 ? runningPostgres(join(dataDir, 'pg')) : null;
  if (port === null) await stopOrphans(dataDir, (m) => console.log(`[backup] ${m}`));
  const archive = out ? resolve(out) : join(dataDir, 'backups', `kejin-${stamp()}.tar.gz`);
  mkdirSync(join(archive, '..'), { recursive: true });
  // the archive is made from a staging copy when the product runs, from the data directory when not
  const staging = port === null ? dataDir : join(dataDir, `backing-up-${stamp()}`);
  try {
    if (port !== null) {
      mkdirSync(staging);
      await baseBackup(dataDir, port, staging);
    }
    const files: Record<string, string> = {};
    for (const part of parts) hashes(staging, join(staging, part), files);
    const manifest: Manifest = {
      createdAt: new Date().toISOString(),
      migration: Object.keys(migrations).at(-1)!,
      parts,
      online: port !== null,
      files,
    };
    writeFileSync(join(staging, MANIFEST), JSON.stringify(manifest, null, 1));
    tar([
      '--create',
      '--gzip',
      '--same-owner',
      `--exclude=${SOCKET_FILES}`,
      '--file',
      archive,
      '--directory',
      staging,
      MANIFEST,
      ...parts,
    ]);
  } finally {
    if (staging !== dataDir) rmSync(staging, { recursive: true, force: true });
  }
  return archive;
}

/** Puts the archive's data in place of DATA_DIR's (which is moved aside, not deleted). */
export async function restore(dataDir: string, archive: string): Promise<{ movedAside?: string }> {
  mkdirSync(dataDir, { recursive: true });
  await stopOrphans(dataDir, (m) => console.log(`[restore] ${m}`));
  const staging = join(dataDir, `restoring-${stamp()}`);
  mkdirSync(staging);
  let parts: string[] = [];
  tar([
    '--extract',
    '--gzip',
    '--same-owner',
    '--same-permissions',
    '--file',
    resolve(archive),
    '--directory',
    staging,
  ]);
  try {
    const manifest = JSON.parse(readFileSync(join(staging, MANIFEST), 'utf8')) as Manifest;
    parts = manifest.parts ?? ['pg', 'temporal'];
    const known = Object.keys(migrations);
    if (!known.includes(manifest.migration))
      throw new Error(`the backup is of a newer Kejin (migration ${manifest.migration}): update Kejin first`);
    const found = {} as Record<string, string>;
    for (const part of parts) hashes(staging, join(staging, part), found);
    const bad = Object.keys(manifest.files).filter((f) => found[f] !== manifest.files[f]);
    if (bad.length || Object.keys(found).length !== Object.keys(manifest.files).length)
      throw new Error(`the archive is damaged: ${bad.slice(0, 5).join(', ') || 'files missing or added'}`);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true }); // nothing of a refused archive stays
    throw err;
  }
  // what the data directory held goes aside, Temporal's of either topology included
  const held = [...new Set([...parts, 'pg', 'temporal', 'temporal-server'])].filter((p) =>
    existsSync(join(dataDir, p)),
  );
  let movedAside: string | undefined;
  if (held.length) {
    movedAside = join(dataDir, `before-restore-${stamp()}`);
    mkdirSync(movedAside);
    for (const part of held) renameSync(join(dataDir, part), join(movedAside, part));
  }
  for (const part of parts) renameSync(join(staging, part), join(dataDir, part));
  renameSync(join(staging, MANIFEST), join(dataDir, MANIFEST));
  return { movedAside };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, arg] = process.argv.slice(2);
  const { DATA_DIR } = loadConfig();
  try {
    if (command === 'backup') console.log(`[backup] written: ${await backup(DATA_DIR, arg)}`);
    else if (command === 'restore' && arg) {
      const { movedAside } = await restore(DATA_DIR, arg);
      if (movedAside) console.log(`[restore] the data it replaced is kept in ${movedAside}`);
      console.log(`[restore] restored ${arg} into ${DATA_DIR}: start Kejin with npm start`);
    } else {
      console.error('usage: npm run backup [-- <archive>] | npm run restore -- <archive>');
      process.exit(2);
    }
  } catch (err) {
    console.error(`[${command}] ${(err as Error).message}`);
    process.exit(1);
  }
}
