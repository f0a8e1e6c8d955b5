/** A user's TOTP second factor and recovery codes (api/secondFactor.ts). */
import type { Db } from '../index.js';

/** Uses up one recovery code (by its hash); false when the user has no such code left. */
export async function useRecoveryCode(db: Db, userId: string, hash: string) {
  const used = await db
    .updateTable('users')
    .set((eb) => ({ recovery_codes: eb.fn('array_remove', [eb.ref('recovery_codes'), eb.val(hash)]) }))
    .where('id', '=', userId)
    .where((eb) => eb(eb.val(hash), '=', eb.fn.any('recovery_codes')))
    .returning('id')
    .executeTakeFirst();
  return used !== undefined;
}

/** Keeps a new secret pending confirmation; false when a second factor is already enrolled. */
export async function startEnrolment(db: Db, userId: string, sealedSecret: string) {
  const updated = await db
    .updateTable('users')
    .set({ totp_pending_secret: sealedSecret })
    .where('id', '=', userId)
    .where('totp_enabled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

export const userById = (db: Db, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** The pending secret becomes the second factor, with its recovery codes; the session may do more than enrol. */
export const confirmEnrolment = (
  db: Db,
  user: { id: string; totp_pending_secret: string | null },
  recoveryCodeHashes: string[],
  sessionId: string,
) =>
  db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        totp_secret: user.totp_pending_secret,
        totp_pending_secret: null,
        totp_enabled_at: new Date(),
        recovery_codes: recoveryCodeHashes,
      })
      .where('id', '=', user.id)
      .execute();
    await trx.updateTable('sessions').set({ enrolment_only: false }).where('id', '=', sessionId).execute();
  });
