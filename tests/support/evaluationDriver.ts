/** Test data and drivers for evaluation rounds: roster entries, sub-center users, task completion. */
import { createHash, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { hashPassword } from '../../api/passwords.js';
import type { Db } from '../../db/index.js';
import { insertUserIfMissing } from '../../db/queries/users.js';
import { DEFAULT_EVALUATION_RULES } from '../../domain/evaluation.js';
import type { Actor, Role } from '../../domain/roles.js';
import type { TaskDecision } from '../../domain/tasks.js';
import { completeTask } from '../../workflows/approvalUpdates.js';
import { uniqueCreditCode } from './builders.js';
import { actor } from './stack.js';

/** A sub-center on the roster, admitted on `admittedAt`, with an applicant account of its organisation (registered with its code). */
export async function insertSubCenter(
  db: Db,
  over: { name: string; system?: 'tech_service' | 'financial'; category?: string; city?: string; admittedAt: string },
) {
  const id = `SC-TEST-${randomUUID().slice(0, 8)}`;
  const organizationId = `org-${id}`;
  const creditCode = uniqueCreditCode();
  await db
    .insertInto('sub_centers')
    .values({
      id,
      application_id: `legacy-${id}`,
      name: over.name,
      credit_code: creditCode,
      system: over.system ?? 'tech_service',
      category: over.category ?? 'comprehensive',
      city: over.city ?? '广州',
      organization_id: organizationId,
      status: 'active',
      admitted_at: over.admittedAt,
      published_at: over.admittedAt,
      revoked_at: null,
      revocation_reason: null,
    })
    .execute();
  const username = `user_${id.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
  await insertUserIfMissing(db, {
    username,
    displayName: over.name,
    passwordHash: await hashPassword('A-long-passw0rd'),
    roles: ['applicant'],
    city: over.city ?? '广州',
    organizationId,
    creditCode,
  });
  return { id, organizationId, creditCode, user: await actor(db, username) };
}

/** A person's name for a test account (a username on a page reads as an internal name). */
const nameOf = (username: string) =>
  `测试用户${(createHash('sha256').update(username).digest().readUInt16BE(0) % 9000) + 1000}`;

export async function testUser(db: Db, username: string, roles: Role[], city: string | null = null): Promise<Actor> {
  await insertUserIfMissing(db, {
    username,
    displayName: nameOf(username),
    passwordHash: await hashPassword('A-long-passw0rd'),
    roles,
    city,
    organizationId: null,
  });
  return actor(db, username);
}

export function taskDriver(db: Db, client: Client) {
  const openTasks = (caseId: string, step: string) =>
    db
      .selectFrom('tasks')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('step', '=', step)
      .where('status', '=', 'open')
      .orderBy('created_at')
      .execute();
  /** Waits until the case has an open task of `step`, then completes it. */
  async function complete(caseId: string, step: string, who: Actor, decision: TaskDecision, nth = 0) {
    let tasks = await openTasks(caseId, step);
    for (let i = 0; tasks.length <= nth && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 100));
      tasks = await openTasks(caseId, step);
    }
    const task = tasks[nth];
    if (!task) throw new Error(`no open ${step} task #${nth} for ${caseId}`);
    return client.workflow
      .getHandle(task.workflow_id)
      .executeUpdate(completeTask, { args: [{ taskId: task.id, actor: who, decision }] });
  }
  return { openTasks, complete };
}

/** Annex A figures at `share` of every target. */
export const figuresAt = (share: number) =>
  Object.fromEntries(Object.entries(DEFAULT_EVALUATION_RULES.targets).map(([k, v]) => [k, Math.round(v * share)]));
export const narratives = { operations: '团队稳定，制度健全', capability: '服务模式创新', results: '服务企业满意度高' };
export const expertScores = (n: number) => ({ operations: n, capability: n, results: n });
