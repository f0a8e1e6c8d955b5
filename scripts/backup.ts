/**
 * `npm run backup` and `npm run restore -- <archive>`: the embedded PostgreSQL and the Temporal
 * dev server's database, as one archive taken at one moment. Cases live in both (the workflow in
 * Temporal, its record in PostgreSQL), so the snapshot is taken with both stopped: a backup
 * refuses while `npm start` runs from the same data directory (and first stops what a killed
 * start left running). The archive holds the two data directories byte for byte, owners kept, and
 * a manifest with each file's SHA-256; a restore unpacks beside the data, checks every file, moves
 * whatever the data directory held aside (nothing is deleted) and puts the backup in its place.
 * With your own PostgreSQL and Temporal cluster, use their own backup tools instead.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
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
import { migrations } from '../db/migrations/index.js';
import { loadConfig } from './config.js';
import { stopOrphans } from './orphans.js';

const PARTS = ['pg', 'temporal'];
const MANIFEST = 'kejin-backup.json';
interface Manifest {
  createdAt: string;
  /** The last migration the data had (a restore into an older Kejin would not know it). */
  migration: string;
  files: Record<string, string>;
}

function tar(args: string[]) {
  const run = spawnSync('tar', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tar ${args.join(' ')}: ${run.stderr}`);
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

/** Writes the archive (default DATA_DIR/backups/kejin-<time>.tar.gz) and answers its path. */
export async function backup(dataDir: string, out?: string): Promise<string> {
  if (!PARTS.every((p) => existsSync(join(dataDir, p)))) throw new Error(`no Kejin data under ${dataDir}`);
  await stopOrphans(dataDir, (m) => console.log(`[backup] ${m}`));
  const archive = out ? resolve(out) : join(dataDir, 'backups', `kejin-${stamp()}.tar.gz`);
  mkdirSync(join(archive, '..'), { recursive: true });
  const files: Record<string, string> = {};
  for (const part of PARTS) hashes(dataDir, join(dataDir, part), files);
  const manifest: Manifest = { createdAt: new Date().toISOString(), migration: Object.keys(migrations).at(-1)!, files };
  writeFileSync(join(dataDir, MANIFEST), JSON.stringify(manifest, null, 1));
  tar([
    '--create',
    '--gzip',
    '--same-owner',
    `--exclude=${SOCKET_FILES}`,
    '--file',
    archive,
    '--directory',
    dataDir,
    MANIFEST,
    ...PARTS,
  ]);
  return archive;
}

/** Puts the archive's data in place of DATA_DIR's (which is moved aside, not deleted). */
export async function restore(dataDir: string, archive: string): Promise<{ movedAside?: string }> {
  mkdirSync(dataDir, { recursive: true });
  await stopOrphans(dataDir, (m) => console.log(`[restore] ${m}`));
  const staging = join(dataDir, `restoring-${stamp()}`);
  mkdirSync(staging);
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
    const known = Object.keys(migrations);
    if (!known.includes(manifest.migration))
      throw new Error(`the backup is of a newer Kejin (migration ${manifest.migration}): update Kejin first`);
    const found = {} as Record<string, string>;
    for (const part of PARTS) hashes(staging, join(staging, part), found);
    const bad = Object.keys(manifest.files).filter((f) => found[f] !== manifest.files[f]);
    if (bad.length || Object.keys(found).length !== Object.keys(manifest.files).length)
      throw new Error(`the archive is damaged: ${bad.slice(0, 5).join(', ') || 'files missing or added'}`);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true }); // nothing of a refused archive stays
    throw err;
  }
  let movedAside: string | undefined;
  if (PARTS.some((p) => existsSync(join(dataDir, p)))) {
    movedAside = join(dataDir, `before-restore-${stamp()}`);
    mkdirSync(movedAside);
    for (const part of PARTS)
      if (existsSync(join(dataDir, part))) renameSync(join(dataDir, part), join(movedAside, part));
  }
  for (const part of PARTS) renameSync(join(staging, part), join(dataDir, part));
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
