/**
 * Production entry of the API (and the console it serves): external PostgreSQL and Temporal. The
 * database is migrated before (npm start, compose's `migrate` job); the API connects as the
 * application role, which may not change the schema.
 */
import { Connection } from '@temporalio/client';
import { createDb } from '../../db/index.js';
import { loadConfig } from './config.js';
import { launchApi } from './services.js';

const config = loadConfig();
if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) throw new Error('DATABASE_URL and TEMPORAL_ADDRESS are required');
const db = createDb(config.DATABASE_URL);
const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
const api = await launchApi({ config, db, connection, temporalUiUrl: process.env.TEMPORAL_UI_URL });
console.log(`[kejin] API listening on ${config.PORT}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, async () => {
    await api.close();
    await connection.close();
    await db.destroy();
    process.exit(0);
  });
