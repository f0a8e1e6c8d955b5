/**
 * Compose's one-shot `migrate` job: as PostgreSQL's superuser (ADMIN_DATABASE_URL), prepares the
 * owner and application roles, migrates as the owner and grants the application role its rights.
 * The API and the workers start after it and connect as the application role.
 */
import { z } from 'zod';
import { setUpDatabase } from './database.js';

const env = z
  .object({
    ADMIN_DATABASE_URL: z.string().url(),
    KEJIN_OWNER_PASSWORD: z.string().min(16),
    KEJIN_APP_PASSWORD: z.string().min(16),
  })
  .parse(process.env);
await setUpDatabase({
  superUrl: env.ADMIN_DATABASE_URL,
  passwords: { owner: env.KEJIN_OWNER_PASSWORD, app: env.KEJIN_APP_PASSWORD },
});
console.log('[kejin] database migrated; the application connects as kejin_app');
