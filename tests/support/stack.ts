/** Connections to the real stack started by globalSetup. */

import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { dataConverter } from '../../activities/payloadCodec.js';
import { createDb, type Db } from '../../db/index.js';
import { findUserByUsername, toActor } from '../../db/queries/users.js';
import type { Actor } from '../../domain/roles.js';

export interface TestStack {
  /** The owner role (arranging and inspecting data). */
  db: Db;
  /** The application role, as the API and the worker connect. */
  appDb: Db;
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

export async function connectStack(): Promise<TestStack> {
  const db = createDb(inject('databaseUrl'), 5);
  const appDb = createDb(inject('appDatabaseUrl'), 5);
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const client = new Client({ connection, dataConverter: dataConverter() });
  return {
    db,
    appDb,
    client,
    connection,
    close: async () => {
      await connection.close();
      await db.destroy();
      await appDb.destroy();
    },
  };
}

export async function actor(db: Db, username: string): Promise<Actor> {
  const user = await findUserByUsername(db, username);
  if (!user) throw new Error(`no user ${username}`);
  return toActor(user);
}
