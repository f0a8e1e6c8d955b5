import { ApplicationFailure } from '@temporalio/activity';
import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { say } from '../domain/messages.js';

export interface PaymentRequest {
  /** The payout's workflow ID: the one key under which a payment may ever be instructed. */
  payoutId: string;
  budgetKey: string;
  budget: number;
  subCenterId: string;
  amount: number;
}

/**
 * Writes the payment instruction of a payout exactly once. A retry (or a second worker after a
 * crash) finds the instruction already there and returns it; an instruction that would take the
 * budget past its limit is refused for good (BudgetExceeded).
 */
export async function issuePaymentInstruction(
  db: Db,
  req: PaymentRequest,
): Promise<{ amount: number; createdAt: string }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`budget:${req.budgetKey}`}))`.execute(trx);
    const existing = await trx
      .selectFrom('payment_instructions')
      .selectAll()
      .where('payout_id', '=', req.payoutId)
      .executeTakeFirst();
    if (existing) return { amount: Number(existing.amount), createdAt: new Date(existing.created_at).toISOString() };
    const { spent } = await trx
      .selectFrom('payment_instructions')
      .select(sql<string>`coalesce(sum(amount), 0)`.as('spent'))
      .where('budget_key', '=', req.budgetKey)
      .executeTakeFirstOrThrow();
    if (Number(spent) + req.amount > req.budget)
      throw ApplicationFailure.create({
        type: 'BudgetExceeded',
        nonRetryable: true,
        message: say('budgetExceeded', Number(spent), req.budget),
      });
    const row = await trx
      .insertInto('payment_instructions')
      .values({
        payout_id: req.payoutId,
        budget_key: req.budgetKey,
        sub_center_id: req.subCenterId,
        amount: req.amount,
      })
      .returning(['amount', 'created_at'])
      .executeTakeFirstOrThrow();
    return { amount: Number(row.amount), createdAt: new Date(row.created_at).toISOString() };
  });
}

/** What is left of a budget: instructed payments are subtracted. */
export async function budgetLeft(db: Db, budgetKey: string, budget: number): Promise<number> {
  const { spent } = await db
    .selectFrom('payment_instructions')
    .select(sql<string>`coalesce(sum(amount), 0)`.as('spent'))
    .where('budget_key', '=', budgetKey)
    .executeTakeFirstOrThrow();
  return budget - Number(spent);
}
