import { hashPassword } from '../../api/passwords.js';
import type { Db } from '../../db/index.js';
import { insertUserIfMissing } from '../../db/queries/users.js';
import type { ApplicationData } from '../../domain/application.js';
import { DEMO_PASSWORD } from '../../scripts/demo/demoUsers.js';

let passwordHash: Promise<string> | undefined;

/**
 * The institution behind a test application: an organisation registered with the application's
 * credit code and city, and an applicant account of it (password: the demo password). An
 * application names its own organisation's registered code (api/routes/applications.ts), so each
 * test case has an applicant of its own. Returns the account's username.
 */
export async function registerApplicant(
  db: Db,
  data: Pick<ApplicationData, 'creditCode' | 'orgName' | 'city'>,
): Promise<string> {
  const username = `a-${data.creditCode.toLowerCase()}`;
  passwordHash ??= hashPassword(DEMO_PASSWORD);
  await insertUserIfMissing(db, {
    username,
    displayName: data.orgName,
    passwordHash: await passwordHash,
    roles: ['applicant'],
    city: data.city,
    organizationId: `org-${data.creditCode.toLowerCase()}`,
    creditCode: data.creditCode,
  });
  return username;
}
