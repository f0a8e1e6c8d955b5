/**
 * Bringing a database up to date, the same way for `npm start`, the tests and compose's `migrate`
 * job: with a superuser at hand, the owner and application roles are prepared (db/roles.ts),
 * migrations and reference data run as the owner, and the application role gets its grants; the
 * API and the workers then connect as the application role. Without one (an external
 * DATABASE_URL), migrations run with DATABASE_OWNER_URL if given, else with DATABASE_URL.
 */
import { createDb, migrateToLatest } from '../../db/index.js';
import { grantAppRole, prepareRoles } from '../../db/roles.js';
import { seedReferenceData } from '../../db/seed.js';

/** The embedded server listens on 127.0.0.1 only; its roles share its local password. */
export const EMBEDDED_ROLE_PASSWORDS = { owner: 'kejin', app: 'kejin' };

export async function setUpDatabase(
  opts: { superUrl: string; passwords: { owner: string; app: string } } | { url: string; ownerUrl?: string },
): Promise<{ appUrl: string; ownerUrl: string }> {
  const urls =
    'superUrl' in opts
      ? await prepareRoles(opts.superUrl, opts.passwords)
      : { appUrl: opts.url, ownerUrl: opts.ownerUrl ?? opts.url };
  const owner = createDb(urls.ownerUrl, 2);
  try {
    await migrateToLatest(owner);
    await seedReferenceData(owner);
    if ('superUrl' in opts) await grantAppRole(owner);
  } finally {
    await owner.destroy();
  }
  return urls;
}
