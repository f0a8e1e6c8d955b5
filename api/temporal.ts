import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { DomainError } from '../domain/errors.js';
import { say } from '../domain/messages.js';

const UPDATE_DEADLINE_MS = 20_000;

/**
 * Sends a human decision to its workflow and waits for the answer (the workflow answers once
 * the change is in PostgreSQL). The idempotency key doubles as the Update ID.
 */
export async function sendUpdate<Ret, Args extends [any, ...any[]]>(
  client: Client,
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  updateId?: string,
): Promise<Ret> {
  try {
    return await client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
      handle.executeUpdate(update, { args, ...(updateId && { updateId }) }),
    );
  } catch (err) {
    // not an answer: nothing is stored for the key, and a retry with it re-attaches to this Update
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
      throw new DomainError('unavailable', say('stillProcessingRetryWithSame'));
    throw err;
  }
}
