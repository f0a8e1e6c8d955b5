/** Evidence files of an application (api/routes/attachments.ts). */
import type { Insertable } from 'kysely';
import type { Db } from '../index.js';
import type { Database } from '../schema.js';

/** An attachment's columns as listed and answered (everything but the file itself). */
const LISTED = [
  'id',
  'case_type',
  'case_id',
  'item',
  'filename',
  'content_type',
  'size',
  'sha256',
  'uploaded_by',
  'created_at',
] as const;

export const insertAttachment = (db: Db, values: Insertable<Database['attachments']>) =>
  db.insertInto('attachments').values(values).returning(LISTED).executeTakeFirstOrThrow();

/** One attachment with its file. */
export const attachmentById = (db: Db, id: string) =>
  db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();

/** Which of the ids are attachments of the case. */
export async function attachmentsOfCaseAmong(db: Db, caseId: string, ids: string[]) {
  const found = await db
    .selectFrom('attachments')
    .select('id')
    .where('case_id', '=', caseId)
    .where('id', 'in', ids)
    .execute();
  return new Set(found.map((f) => f.id));
}

/** A case's attachments, oldest first, without their files. */
export const attachmentsOfCase = (db: Db, caseId: string) =>
  db.selectFrom('attachments').select(LISTED).where('case_id', '=', caseId).orderBy('created_at').execute();
