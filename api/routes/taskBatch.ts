/**
 * 批量审批 (POST /api/tasks/batch-decisions): one decision and opinion for tasks of one step, each
 * decided on its own case as the single decision would be; refused, a task answers its reason and
 * the batch goes on. Each task's Update ID is the batch's key and the task's id, so a retried batch
 * decides nothing twice.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { tasksByIds } from '../../db/queries/tasks.js';
import { stepLabel } from '../../domain/approval.js';
import { DomainError } from '../../domain/errors.js';
import { inLanguage, localeOf, say } from '../../domain/messages.js';
import { BatchDecision, CONFLICT_OF_INTEREST } from '../../domain/tasks.js';
import { completeTask } from '../../workflows/approvalUpdates.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { toHttpError } from '../errors.js';
import { json, security } from '../openapi.js';
import { acting, couldHoldRow, outsiderRefusal, standInMustRecuse } from '../taskHolders.js';
import { sendUpdate } from '../temporal.js';
import { validationHook } from '../validation.js';
import { BatchResult, responses } from './taskContracts.js';

/** How many of a batch's tasks are decided at once. */
const BATCH_LANES = 4;

export function taskBatchRoutes({ db, temporal }: ApiDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
    createRoute({
      method: 'post',
      path: '/batch-decisions',
      tags: ['tasks'],
      summary:
        '批量审批: one decision (approve | reject) and one opinion for up to 50 tasks of one step, each decided on its own case as if singly; a result per task (some may be refused). Keyed: a retried batch decides nothing twice',
      security,
      request: { body: { ...json(BatchDecision), required: true } },
      responses: responses(BatchResult),
    }),
    async (c) => {
      const body = c.req.valid('json');
      const actor = c.get('actor');
      const people = [actor, ...c.get('principals')];
      const rows = new Map((await tasksByIds(db, body.taskIds)).map((r) => [r.id, r]));
      const steps = [...new Set([...rows.values()].map((r) => r.step))];
      if (steps.length > 1)
        throw new DomainError('validation', say('batchOfOneStep'), {
          taskIds: say('batchStepsDiffer', steps.map((s) => stepLabel(s).zh).join('、')),
        });
      const key = c.get('idempotencyKey');
      const locale = localeOf(c.req.header('Accept-Language'));
      const decision = { decision: body.decision, comment: body.comment, signed: body.signed };
      // each as the single decision would be: refused, it answers its reason and the batch goes on
      const decideOne = async (taskId: string) => {
        const row = rows.get(taskId);
        try {
          if (!row) throw new DomainError('not_found', say('noSuchTask'));
          if (!people.some((a) => couldHoldRow(row, a))) throw outsiderRefusal(row, people);
          if (standInMustRecuse(row, actor)) throw new DomainError('forbidden', CONFLICT_OF_INTEREST);
          if (row.status !== 'open' && !key) throw new DomainError('conflict', say('taskIsNoLongerOpen'));
          const handle = temporal.workflow.getHandle(row.workflow_id);
          // each task's Update has an ID of its own under the batch's key: a retried batch decides nothing twice
          await sendUpdate(
            temporal,
            handle,
            completeTask,
            [{ taskId, ...acting(c, row), decision }],
            key && `${key}:${taskId}`,
          );
          return { taskId, title: row.title, decided: true, status: 200, message: null };
        } catch (err) {
          const refused = toHttpError(err);
          // the engine or the database away: the whole batch answers 503, to be retried with its key
          if (!refused || refused.status >= 500) throw err;
          const message = inLanguage(refused.body.message, locale);
          return { taskId, title: row?.title ?? null, decided: false, status: refused.status, message };
        }
      };
      // BATCH_LANES tasks at a time (each a case of its own), the results in the order asked
      const results: Awaited<ReturnType<typeof decideOne>>[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(BATCH_LANES, body.taskIds.length) }, async () => {
          while (next < body.taskIds.length) {
            const i = next++;
            results[i] = await decideOne(body.taskIds[i]!);
          }
        }),
      );
      const decided = results.filter((r) => r.decided).length;
      return c.json({ decided, refused: results.length - decided, results }, 200);
    },
  );
}
