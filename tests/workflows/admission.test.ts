import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationData } from '../../domain/application.js';
import type { Actor } from '../../domain/roles.js';
import type { TaskDecision } from '../../domain/tasks.js';
import {
  admission,
  applicationCreated,
  editApplication,
  submitApplication,
  withdrawApplication,
} from '../../workflows/admission.js';
import { claimTask, completeTask } from '../../workflows/approvalUpdates.js';
import { admissionWorkflowId, TASK_QUEUE } from '../../workflows/names.js';
import { buildApplication, buildBankApplication } from '../support/builders.js';
import { insertSubCenter } from '../support/evaluationDriver.js';
import { actor, connectStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
const users: Record<string, Actor> = {};
beforeAll(async () => {
  stack = await connectStack();
  for (const u of ['applicant1', 'applicant2', 'gz_reviewer', 'dg_reviewer', 'province_reviewer', 'expert1'])
    users[u] = await actor(stack.db, u);
});
afterAll(() => stack.close());

async function createCase(data: ApplicationData, by = users.applicant1!) {
  const handle = await stack.client.workflow.start(admission, {
    workflowId: admissionWorkflowId(data.creditCode),
    taskQueue: TASK_QUEUE,
    args: [{ applicationId: randomUUID(), data, createdBy: by }],
  });
  const view = await handle.executeUpdate(applicationCreated);
  return { handle, view };
}
type Handle = Awaited<ReturnType<typeof createCase>>['handle'];

async function openTask(caseId: string, step: string) {
  return stack.db
    .selectFrom('tasks')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('step', '=', step)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
}
async function decide(handle: Handle, caseId: string, step: string, who: string, decision: TaskDecision) {
  const task = await openTask(caseId, step);
  return handle.executeUpdate(completeTask, { args: [{ taskId: task.id, actor: users[who]!, decision }] }) as Promise<{
    status: string;
  }>;
}
async function refusal(
  p: Promise<unknown>,
): Promise<{ type: string; message: string; errors?: Record<string, string> }> {
  const err = await p.then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as unknown as {
    type: string;
    message: string;
    details?: Record<string, string>[];
  };
  return { type: cause.type, message: cause.message, errors: cause.details?.[0] };
}
const roster = (creditCode: string) =>
  stack.db.selectFrom('sub_centers').selectAll().where('credit_code', '=', creditCode).execute();

describe('admission workflow (real Temporal, real PostgreSQL)', () => {
  it('routes a city tech-service applicant through municipal recommendation to approval and the 公示 before the roster', async () => {
    const data = buildApplication();
    const { handle, view } = await createCase(data);
    expect(view.status).toBe('draft');
    expect((await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] })).status).toBe(
      'municipal_review',
    );
    const task = await openTask(view.id, 'municipal_review');
    expect(task).toMatchObject({ role: 'municipal_reviewer', city: '广州' });
    expect(
      (await decide(handle, view.id, 'municipal_review', 'gz_reviewer', { decision: 'approve', comment: '同意推荐' }))
        .status,
    ).toBe('provincial_review');
    expect(
      (
        await decide(handle, view.id, 'provincial_review', 'province_reviewer', {
          decision: 'approve',
          comment: '同意纳入',
        })
      ).status,
    ).toBe('public_notice');
    // not on the roster until the notice period has ended (DOMAIN §9)
    expect(await roster(data.creditCode)).toEqual([]);
    const notice = await stack.db
      .selectFrom('notices')
      .selectAll()
      .where('case_id', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ kind: 'admission', status: 'open', version: 1 });
    expect(notice.items).toEqual([
      expect.objectContaining({ orgName: data.orgName, city: '广州', result: '拟纳入分中心管理序列' }),
    ]);
    expect(new Date(notice.ends_at).getTime()).toBeGreaterThan(Date.now() + 5 * 86_400_000);
    const row = await stack.db
      .selectFrom('applications')
      .select(['status'])
      .where('id', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('public_notice');
  });

  it('sends provincial units, central-enterprise branches and financial institutions straight to provincial review', async () => {
    for (const data of [
      buildApplication({ applicantKind: 'provincial_unit' }),
      buildApplication({ applicantKind: 'central_enterprise_branch', category: 'specialty' }),
      buildBankApplication(),
    ]) {
      const { handle } = await createCase(data);
      const submitted = await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] });
      expect(submitted.status).toBe('provincial_review');
      await handle.executeUpdate(withdrawApplication, { args: [{ actor: users.applicant1! }] });
    }
  });

  it('lets a municipal reviewer act only on tasks of their own city', async () => {
    const { handle, view } = await createCase(buildApplication());
    await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] });
    const refused = await refusal(
      decide(handle, view.id, 'municipal_review', 'dg_reviewer', { decision: 'approve', comment: '同意' }),
    );
    expect(refused.type).toBe('forbidden');
    const claimed = await refusal(
      handle.executeUpdate(claimTask, {
        args: [{ taskId: (await openTask(view.id, 'municipal_review')).id, actor: users.dg_reviewer! }],
      }),
    );
    expect(claimed.type).toBe('forbidden');
    await handle.executeUpdate(withdrawApplication, { args: [{ actor: users.applicant1! }] });
  });

  it('returns for supplement and resumes at the step that returned it after resubmission', async () => {
    const { handle, view } = await createCase(buildApplication());
    await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] });
    await decide(handle, view.id, 'municipal_review', 'gz_reviewer', { decision: 'approve', comment: '推荐' });
    const returned = (await decide(handle, view.id, 'provincial_review', 'province_reviewer', {
      decision: 'return',
      comment: '请补充服务团队材料',
      supplementDays: 5,
    })) as { status: string; supplement: { reason: string; dueAt: string; fromStep: string } };
    expect(returned.status).toBe('supplement_requested');
    expect(returned.supplement).toMatchObject({ reason: '请补充服务团队材料', fromStep: 'provincial_review' });
    await handle.executeUpdate(editApplication, {
      args: [
        {
          actor: users.applicant1!,
          changes: { plan: { ...buildApplication().plan, innovation: '补充: 新增专职团队 12 人' } },
        },
      ],
    });
    const resubmitted = await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] });
    expect(resubmitted.status).toBe('provincial_review');
    expect(resubmitted.plan.innovation).toContain('补充');
    expect(
      (
        await decide(handle, view.id, 'provincial_review', 'province_reviewer', {
          decision: 'reject',
          comment: '服务能力不足',
        })
      ).status,
    ).toBe('rejected');
    const actions = (
      await stack.db.selectFrom('audit_log').select('action').where('case_id', '=', view.id).orderBy('id').execute()
    ).map((a) => a.action);
    expect(actions).toEqual([
      'application.created',
      'application.submitted',
      'application.recommended',
      'application.returned',
      'application.edited',
      'application.resubmitted',
      'application.rejected',
    ]);
  });

  it('adds an expert scoring round and an on-site inspection before the decision', async () => {
    const { handle, view } = await createCase(buildApplication({ applicantKind: 'provincial_unit' }));
    await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] });
    expect(
      (
        await decide(handle, view.id, 'provincial_review', 'province_reviewer', {
          decision: 'expert_review',
          comment: '请专家评审',
        })
      ).status,
    ).toBe('expert_review');
    const noDeclaration = await refusal(
      decide(handle, view.id, 'expert_review', 'expert1', { decision: 'approve', comment: '良好', score: 86 }),
    );
    expect(noDeclaration.type).toBe('validation');
    expect(
      (
        await decide(handle, view.id, 'expert_review', 'expert1', {
          decision: 'approve',
          comment: '方案可行',
          score: 86,
          noConflict: true,
        })
      ).status,
    ).toBe('provincial_review');
    expect(
      (
        await decide(handle, view.id, 'provincial_review', 'province_reviewer', {
          decision: 'site_inspection',
          comment: '安排实地考察',
        })
      ).status,
    ).toBe('site_inspection');
    const inspected = (await decide(handle, view.id, 'site_inspection', 'province_reviewer', {
      decision: 'approve',
      comment: '场地符合',
      findings: '场地、团队与申报一致',
    })) as { status: string; expertScores: { score: number }[]; siteInspections: { findings: string }[] };
    expect(inspected.status).toBe('provincial_review');
    expect(inspected.expertScores.map((s) => s.score)).toEqual([86]);
    expect(inspected.siteInspections[0]!.findings).toBe('场地、团队与申报一致');
    expect(
      (
        await decide(handle, view.id, 'provincial_review', 'province_reviewer', {
          decision: 'approve',
          comment: '纳入',
        })
      ).status,
    ).toBe('public_notice');
  });

  it('refuses admission while a financial threshold fails, listing which', async () => {
    const data = buildBankApplication({
      thresholdFigures: { techLoansIssued: 50_000, nplRatio: 4.5, techCreditProducts: 6 },
    });
    const { handle, view } = await createCase(data);
    const submitted = await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] });
    expect(submitted.thresholdResults.map((r) => [r.key, r.passed])).toEqual([
      ['techLoansIssued', false],
      ['nplRatio', false],
      ['techCreditProducts', true],
    ]);
    const refused = await refusal(
      decide(handle, view.id, 'provincial_review', 'province_reviewer', { decision: 'approve', comment: '同意' }),
    );
    expect(refused.type).toBe('validation');
    expect(refused.message).toContain('科技贷款发放额');
    expect(refused.message).toContain('坏账率');
    // each failed figure named beside its field, Chinese first
    expect(refused.errors).toEqual({
      'thresholdFigures.techLoansIssued': expect.stringMatching(/^要求 >= /),
      'thresholdFigures.nplRatio': expect.stringMatching(/^要求 <= /),
    });
    expect(await roster(data.creditCode)).toEqual([]);
    await handle.executeUpdate(withdrawApplication, { args: [{ actor: users.applicant1! }] });
  });

  it('refuses a second application from a financial institution that already is a sub-center', async () => {
    const data = buildBankApplication();
    // the bank is on the roster already (imported)
    const sc = await insertSubCenter(stack.db, {
      name: data.orgName,
      system: 'financial',
      category: 'bank',
      admittedAt: '2024-03-01T00:00:00+08:00',
    });
    await stack.db.updateTable('sub_centers').set({ credit_code: data.creditCode }).where('id', '=', sc.id).execute();
    const second = await createCase({ ...data, orgName: `${data.orgName}(第二次)` });
    const refused = await refusal(
      second.handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] }),
    );
    expect(refused.type).toBe('conflict');
    expect(refused.message).toContain('一家机构只能设立一个分中心');
    expect(await roster(data.creditCode)).toHaveLength(1);
  });

  it('refuses incomplete submissions with the missing fields and changes nothing', async () => {
    const { handle, view } = await createCase({
      ...buildApplication(),
      plan: { regionalFeatures: '仅填写一项' },
      checklist: {},
    });
    const err = await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] }).then(
      () => null,
      (e) => e as WorkflowUpdateFailedError,
    );
    const failure = err!.cause as unknown as { type: string; details: Record<string, string>[] };
    expect(failure.type).toBe('validation');
    expect(Object.keys(failure.details[0]!)).toEqual(expect.arrayContaining(['plan.serviceModel', 'checklist.venue']));
    expect((await handle.query('getApplication')) as { status: string }).toMatchObject({ status: 'draft' });
    await handle.executeUpdate(withdrawApplication, { args: [{ actor: users.applicant1! }] });
    expect(view.status).toBe('draft');
  });

  it('lets the applicant withdraw before a decision, cancelling the open task', async () => {
    const { handle, view } = await createCase(buildApplication());
    await handle.executeUpdate(submitApplication, { args: [{ actor: users.applicant1! }] });
    const refusedOther = await refusal(
      handle.executeUpdate(withdrawApplication, { args: [{ actor: users.applicant2! }] }),
    );
    expect(refusedOther.type).toBe('forbidden');
    expect(
      (
        await handle.executeUpdate(withdrawApplication, {
          args: [{ actor: users.applicant1!, comment: '调整方案后再报' }],
        })
      ).status,
    ).toBe('withdrawn');
    const tasks = await stack.db.selectFrom('tasks').select('status').where('case_id', '=', view.id).execute();
    expect(tasks.map((t) => t.status)).toEqual(['cancelled']);
    expect(await handle.result()).toBe('withdrawn');
  });
});
