/**
 * A backup while the cluster topology runs (`npm run backup` on its data directory): one base
 * backup of the PostgreSQL that holds Kejin's database and Temporal's, taken while decisions go on;
 * restored into a fresh data directory, the topology starts on it, every case is as it was at the
 * backup, and a case that was in flight takes its next decision.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CLUSTER,
  type PrivateProduct,
  type Product,
  startPrivateProduct,
  startProduct,
} from '../../scripts/dev/product.js';
import { privateProductEnv } from '../../scripts/dev/stack.js';
import { backup, restore } from '../../scripts/ops/backup.js';
import { loadConfig } from '../../scripts/prod/config.js';
import { faultKit, q, RECOMMEND } from '../support/faults.js';
import { productClient } from '../support/product.js';

const log: string[] = [];
let first: PrivateProduct;
let second: Product | undefined;
const restoredDir = mkdtempSync(join(tmpdir(), 'kejin-cluster-restored-'));
const archive = join(mkdtempSync(join(tmpdir(), 'kejin-cluster-archive-')), 'kejin.tar.gz');
afterAll(async () => {
  await second?.stop();
  await first?.dispose();
  for (const d of [restoredDir, join(archive, '..')]) rmSync(d, { recursive: true, force: true });
}, 120_000);

describe('backup of the cluster topology while it runs', () => {
  it('restores into a fresh topology where every case is as at the backup, and an in-flight case goes on', async () => {
    first = await startPrivateProduct('cluster-backup', (m) => log.push(m), {}, CLUSTER);
    const a = productClient(() => first.apiUrl);
    const kit = faultKit(() => first, a.call, log);
    // a case in flight at the backup: recommended, waiting for the Provincial Center
    const inFlight = await kit.claimedCase();
    expect(
      (await a.call('POST', `/api/tasks/${inFlight.taskId}/complete`, { as: 'gz_reviewer', body: RECOMMEND })).body
        .status,
    ).toBe('provincial_review');
    // decisions go on while the backup is taken
    const busy = await Promise.all([kit.claimedCase(), kit.claimedCase(), kit.claimedCase()]);
    const during = busy.map((c) =>
      a.call('POST', `/api/tasks/${c.taskId}/complete`, { as: 'gz_reviewer', body: RECOMMEND }),
    );
    const written = await backup(first.dataDir, archive);
    expect((await Promise.all(during)).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(written).toBe(archive);
    const before = (await a.call('GET', `/api/applications/${inFlight.id}/history`, { as: 'auditor' })).body;
    // the first topology goes on and then away; its secrets go with the backup
    const env = first.env;
    await first.dispose();

    await restore(restoredDir, archive);
    const fresh = {
      ...(await privateProductEnv(restoredDir)),
      JWT_SECRET: env.JWT_SECRET!,
      AUDIT_KEY: env.AUDIT_KEY!,
      PAYLOAD_KEYS: env.PAYLOAD_KEYS!,
    };
    second = await startProduct(loadConfig({ ...process.env, ...fresh }), (m) => log.push(m), CLUSTER);
    const b = productClient(() => second!.apiUrl);
    const after = (await b.call('GET', `/api/applications/${inFlight.id}/history`, { as: 'auditor' })).body;
    expect(after.audit.map((e: { action: string }) => e.action)).toEqual(
      before.audit.map((e: { action: string }) => e.action),
    );
    expect(after.chain.firstBreak).toBeNull();
    // the case in flight takes its next decision on the restored topology
    const [provincial] = (
      await b.call('GET', `/api/tasks?filter=${q({ caseId: inFlight.id, status: 'open' })}`, {
        as: 'province_reviewer',
      })
    ).body;
    expect(provincial.step).toBe('provincial_review');
    // (a restored server first waits out the old members of its cluster: a client retries its key)
    const key = `restored-${provincial.id}`;
    const decide = () =>
      b.call('POST', `/api/tasks/${provincial.id}/complete`, {
        as: 'province_reviewer',
        body: { decision: 'approve', comment: '同意纳入' },
        key,
      });
    let approved = await decide();
    for (let i = 0; i < 60 && [0, 409, 503].includes(approved.status); i++) {
      await new Promise((r) => setTimeout(r, 2_000));
      approved = await decide();
    }
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('public_notice');
  }, 900_000);
});
