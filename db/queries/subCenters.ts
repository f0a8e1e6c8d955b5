/** The roster of sub-centers (api/routes/subCenters.ts). */
import type { Db } from '../index.js';

export const subCenters = (db: Db) => db.selectFrom('sub_centers').selectAll();
export const subCenterFilters = {
  q: (qb: ReturnType<typeof subCenters>, v: unknown) => qb.where('name', 'ilike', `%${String(v)}%`),
};
export const subCenterById = (db: Db, id: string) => subCenters(db).where('id', '=', id).executeTakeFirst();
