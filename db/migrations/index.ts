import type { Migration } from 'kysely';
import * as admission from './2026_11_22_0001_admission.js';

/** Every migration, in order. Listed by hand so the set is explicit and bundler-proof. */
export const migrations: Record<string, Migration> = {
  '2026_11_22_0001_admission': admission,
};
