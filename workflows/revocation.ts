/**
 * Revocation (撤销资质), DOMAIN §5: the sub-center is told why and may file a statement (陈述申辩)
 * within a set period; the Provincial Center then revokes or keeps it, with a reason. A revoked
 * sub-center leaves the active roster; the revocation is published; its history stays.
 */
import * as wf from '@temporalio/workflow';
import { z } from 'zod';
import type { SubCenterRef } from '../activities/index.js';
import type { Actor } from '../domain/roles.js';
import { refuse, TaskBoard } from './humanTask.js';
import { actorRef, CaseRecorder, closing, SYSTEM_ACTOR, workflowNow } from './caseRecorder.js';
import { KejinCity, KejinSystem } from './names.js';

export type RevocationStatus = 'statement_period' | 'decision' | 'revoked' | 'kept';
export interface RevocationInput {
  subCenter: Pick<SubCenterRef, 'id' | 'name' | 'organizationId' | 'city' | 'system'>;
  trigger: 'grade' | 'violation';
  reason: string;
  requestedBy: { id: string; name: string };
  statementWorkingDays: number;
  decisionWorkingDays: number;
  evaluationId?: string;
}
export const revocationWorkflowId = (subCenterId: string) => `revocation-${subCenterId}`;
export const Statement = z.object({ statement: z.string().trim().min(1).max(8000) });
/** Answers once the new case is readable (used with update-with-start). */
export const revocationOpened = wf.defineUpdate<{ id: string; status: RevocationStatus }>('revocationOpened');

export async function revocation(input: RevocationInput): Promise<RevocationStatus> {
  const { workflowId } = wf.workflowInfo();
  let status: RevocationStatus = 'statement_period';
  let statement: { text: string; by: string; at: string } | null = null;
  let statementDueAt: string | null = null;
  let decision: { by: string; comment: string; at: string } | null = null;
  const rec = new CaseRecorder<RevocationStatus>('revocation', workflowId, 'revocations', () => ({
    status,
    columns: { sub_center_id: input.subCenter.id, sub_center_name: input.subCenter.name, organization_id: input.subCenter.organizationId, city: input.subCenter.city, trigger: input.trigger },
    body: { subCenter: input.subCenter, trigger: input.trigger, reason: input.reason, requestedBy: input.requestedBy.name, evaluationId: input.evaluationId ?? null, statementDueAt, statement, decision },
  }));
  let opened = false;
  wf.setHandler(revocationOpened, async () => {
    await wf.condition(() => opened && rec.recorded());
    return { id: workflowId, status };
  });
  const board: TaskBoard<unknown> = new TaskBoard<unknown>({
    snapshot: () => ({ id: workflowId, status, statement, decision }),
    record: rec.taskHook(() => board),
    validateDecision: (task, { decision: d }) => {
      if (task.step === 'statement') {
        const parsed = Statement.safeParse(d.payload ?? {});
        if (!parsed.success) throw refuse('validation', '请填写陈述申辩内容 (statement required)', { 'payload.statement': 'required' });
      } else if (d.decision !== 'approve' && d.decision !== 'reject') {
        throw refuse('validation', '撤销 (approve) 或保留 (reject)', { decision: 'approve = revoke, reject = keep' });
      }
    },
  });
  board.install();
  wf.upsertSearchAttributes([{ key: KejinCity, value: input.subCenter.city }, { key: KejinSystem, value: input.subCenter.system }]);

  const org = input.subCenter.organizationId;
  const statementTask = await rec.openTask(board, { step: 'statement', title: input.subCenter.name, role: 'applicant', organizationId: org, workingDays: input.statementWorkingDays });
  statementDueAt = statementTask.dueAt;
  await rec.commit({ actor: input.requestedBy, action: 'revocation.notified', comment: input.reason, data: { trigger: input.trigger, statementDueAt } }, {
    openTasks: [statementTask], notify: [rec.notify({ role: 'applicant', city: null }, 'revocation.notified', `${input.subCenter.name}: 拟撤销资质，请于 ${statementDueAt} 前陈述申辩 — ${input.reason}`)],
  });
  opened = true;

  const filed = await board.waitForDecision(board.tasks.get(statementTask.id)!, () => false, { expireAtDue: true });
  status = 'decision';
  const decisionTask = await rec.openTask(board, { step: 'revocation_decision', title: input.subCenter.name, role: 'provincial_reviewer', workingDays: input.decisionWorkingDays });
  if (filed.kind === 'decided') {
    statement = { text: Statement.parse(filed.decision.payload).statement, by: filed.actor.displayName, at: workflowNow() };
    await rec.commit({ actor: actorRef(filed.actor), action: 'revocation.statement_filed', comment: statement.text }, { closeTasks: [closing(statementTask.id, 'done', { actor: filed.actor, decision: 'statement', comment: statement.text })], openTasks: [decisionTask] });
    board.settle(board.tasks.get(statementTask.id)!);
  } else {
    await rec.commit({ actor: SYSTEM_ACTOR, action: 'revocation.statement_lapsed', comment: '陈述申辩期限届满，未提交 (no statement filed in time)' }, { closeTasks: [closing(statementTask.id, 'cancelled')], openTasks: [decisionTask] });
  }

  const decided = await board.waitForDecision(board.tasks.get(decisionTask.id)!);
  if (decided.kind !== 'decided') throw wf.ApplicationFailure.nonRetryable('decision ended without an outcome');
  const { actor, decision: d } = decided as { actor: Actor; decision: { decision: string; comment: string } };
  decision = { by: actor.displayName, comment: d.comment, at: workflowNow() };
  const close = [closing(decisionTask.id, 'done', { actor, decision: d.decision, comment: d.comment })];
  if (d.decision === 'approve') {
    status = 'revoked';
    await rec.commit({ actor: actorRef(actor), action: 'revocation.revoked', comment: d.comment, data: { published: true } }, {
      closeTasks: close, revokeSubCenter: { id: input.subCenter.id, reason: d.comment },
      notify: [rec.notify({ role: 'applicant', city: null }, 'revocation.published', `撤销公告: ${input.subCenter.name} — ${d.comment}`)],
    });
  } else {
    status = 'kept';
    await rec.commit({ actor: actorRef(actor), action: 'revocation.kept', comment: d.comment }, { closeTasks: close });
  }
  board.settle(board.tasks.get(decisionTask.id)!);
  await wf.condition(wf.allHandlersFinished);
  return status;
}
