/** As root, the embedded PostgreSQL's `postgres` user must pass through every folder on its way (issue 11). */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unreachableFolder } from '../../scripts/dev/stack.js';

const base = mkdtempSync(join(tmpdir(), 'kejin-reach-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a data directory the postgres user cannot reach', () => {
  it('names the first folder closed to another user, and none once it may be passed through', () => {
    const private_ = join(base, 'private');
    const data = join(private_, 'project', '.data', 'pg');
    mkdirSync(data, { recursive: true });
    chmodSync(base, 0o755);
    chmodSync(private_, 0o700); // like /root, or a folder made by mktemp -d
    const someoneElse = { uid: 4242, gid: 4242 };
    expect(unreachableFolder(data, someoneElse.uid, someoneElse.gid)).toBe(private_);
    chmodSync(private_, 0o711); // passing through, not listing
    expect(unreachableFolder(data, someoneElse.uid, someoneElse.gid)).toBeNull();
    // the folder's own group passes through on its group bit
    chmodSync(private_, 0o710);
    expect(unreachableFolder(data, someoneElse.uid, someoneElse.gid)).toBe(private_);
  });
});
