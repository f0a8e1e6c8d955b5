/**
 * Every action of the approval engine through the API on the real stack (DOMAIN §10): the
 * allowed path and a refusal with its status, on single-holder steps of admission.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../db/queries/calendar.js';
import { addWorkingDays } from '../../domain/workdays.js';
import { DEMO_PASSWORD, demoOtp } from '../../scripts/demo/demoUsers.js';
import { TASK_QUEUE } from '../../workflows/names.js';
import { payout } from '../../workflows/payout.js';
import { setupApi } from '../support/api.js';
import { buildApplication, buildPayout } from '../support/builders.js';
import { insertSubCenter } from '../support/evaluationDriver.js';

const ctx = setupApi();
const as = (username: string) => ctx.api.as(username);
const q = (filter: object) => encodeURIComponent(JSON.stringify(filter));

/** An application submitted by its organisation's applicant (owners); `provincial` skips the municipal step. */
const owners = new Map<string, string>();
async function submitted(provincial = false) {
  const { id, applicant } = await ctx.api.submittedCase(
    buildApplication(provincial ? { applicantKind: 'provincial_unit' } : {}),
  );
  owners.set(id, applicant.username);
  return id;
}
/** The applicant who submitted a case. */
const owner = (caseId: string) => as(owners.get(caseId)!);
async function openTask(caseId: string, username: string) {
  const res = await as(username).get(`/api/tasks?filter=${q({ caseId, status: 'open' })}`);
  expect(res.body.length).toBeGreaterThan(0);
  return res.body[0] as { id: string; step: string; assignee: string | null; delegatedTo: string | null };
}
/** The Provincial Center asks for expert review of the case (专家评审). */
async function toExperts(caseId: string) {
  const review = await openTask(caseId, 'province_reviewer');
  await as('province_reviewer').post(`/api/tasks/${review.id}/complete`, {
    decision: 'expert_review',
    comment: '请专家评审',
  });
}
async function auditActions(caseId: string) {
  const h = await as('admin').get(`/api/applications/${caseId}/history`);
  return h.body.audit as {
    action: string;
    actorName: string;
    actingFor: string | null;
    comment: string | null;
    intact: boolean;
  }[];
}
const freshUser = (roles: string[], city: string | null = null) => ctx.api.freshUser(roles, city);

describe('the approval engine through the API', () => {
  it('lists what each person may do on a task, from the engine', async () => {
    const id = await submitted();
    const task = await openTask(id, 'gz_reviewer');
    const detail = await as('gz_reviewer').get(`/api/tasks/${task.id}`);
    expect(detail.status).toBe(200);
    const actions = detail.body.actions as {
      action: string;
      fields: { name: string; options?: { value: string; label: { zh: string } }[] }[];
    }[];
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['claim', 'complete', 'transfer', 'delegate', 'add-signers', 'cc', 'comment', 'return']),
    );
    const decisions = actions.find((a) => a.action === 'complete')!.fields.find((f) => f.name === 'decision')!.options!;
    expect(decisions.map((o) => o.value)).toEqual(['approve', 'return', 'reject']);
    expect(decisions.map((o) => o.label.zh)).toEqual(['同意', '退回', '不同意']);
    // another city's reviewer does not find the task at all
    expect((await as('dg_reviewer').get(`/api/tasks/${task.id}`)).status).toBe(404);
  });

  it('优先级: the Provincial Center marks a task urgent, recorded, and the inbox lists it first', async () => {
    const id = await submitted(true);
    const task = await openTask(id, 'province_reviewer');
    const offered = (await as('province_reviewer').get(`/api/tasks/${task.id}`)).body.actions as {
      action: string;
      fields: { name: string; options?: { label: { zh: string } }[] }[];
    }[];
    const field = offered.find((a) => a.action === 'prioritize')!.fields.find((f) => f.name === 'priority')!;
    expect(field.options!.map((o) => o.label.zh)).toEqual(['普通', '优先', '紧急']);
    // a city reviewer may not, whatever the body; a value out of range is refused on its field
    expect((await as('gz_reviewer').post(`/api/tasks/${task.id}/prioritize`, { priority: 2 })).status).toBe(403);
    const bad = await as('province_reviewer').post(`/api/tasks/${task.id}/prioritize`, { priority: 7 });
    expect([bad.status, Object.keys(bad.body.errors ?? {})]).toEqual([422, ['priority']]);
    const set = await as('province_reviewer').post(`/api/tasks/${task.id}/prioritize`, {
      priority: 2,
      comment: '省领导督办',
    });
    expect([set.status, set.body.priority]).toEqual([200, 2]);
    expect((await auditActions(id)).find((e) => e.action === 'task.prioritized')).toMatchObject({
      comment: '省领导督办',
      actorName: '省级中心 审核员',
    });
    // first among the province's open tasks, ahead of any due sooner
    const inbox = await as('province_reviewer').get(`/api/tasks?filter=${q({ status: 'open' })}&range=[0,0]`);
    expect(inbox.body[0]).toMatchObject({ caseId: id, priority: 2 });
  });

  it('回避: an expert steps aside from a case with a reason; it leaves their queue for good and another expert takes it', async () => {
    const id = await submitted(true);
    await toExperts(id);
    const seat = await openTask(id, 'expert1');
    expect((await as('expert1').post(`/api/tasks/${seat.id}/claim`)).status).toBe(200);
    const offered = (await as('expert1').get(`/api/tasks/${seat.id}`)).body.actions.map(
      (a: { action: string }) => a.action,
    );
    expect(offered).toContain('recuse');
    expect((await as('province_reviewer').post(`/api/tasks/${seat.id}/recuse`, { comment: '无' })).status).toBe(403);
    const bare = await as('expert1').post(`/api/tasks/${seat.id}/recuse`, { comment: '' });
    expect([bare.status, Object.keys(bare.body.errors ?? {})]).toEqual([422, ['comment']]);
    expect(
      (await as('expert1').post(`/api/tasks/${seat.id}/recuse`, { comment: '本人曾为该单位提供咨询服务' })).status,
    ).toBe(200);
    // gone from their queue, and not theirs to take again
    expect((await as('expert1').get(`/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body).toEqual([]);
    expect((await as('expert1').post(`/api/tasks/${seat.id}/claim`)).status).toBe(403);
    const other = await freshUser(['expert']);
    expect((await as(other).post(`/api/tasks/${seat.id}/claim`)).status).toBe(200);
    expect((await auditActions(id)).find((e) => e.action === 'task.recused')).toMatchObject({
      comment: '本人曾为该单位提供咨询服务',
      actorName: '专家 李明',
    });
  });

  it('评分标准: an expert scores each criterion of the rule set, offered by the engine; the score is their sum', async () => {
    const id = await submitted(true);
    await toExperts(id);
    const seat = await openTask(id, 'expert1');
    await as('expert1').post(`/api/tasks/${seat.id}/claim`);
    const complete = (await as('expert1').get(`/api/tasks/${seat.id}`)).body.actions.find(
      (a: { action: string }) => a.action === 'complete',
    );
    const criteria = complete.fields.filter((f: { name: string }) => f.name.startsWith('payload.criteria.'));
    expect(criteria.map((f: { label: { zh: string } }) => f.label.zh)).toEqual([
      '创新性与区域特色（0–30 分）',
      '服务能力与团队（0–40 分）',
      '服务成效与带动作用（0–30 分）',
    ]);
    const over = await as('expert1').post(`/api/tasks/${seat.id}/complete`, {
      decision: 'approve',
      comment: '评分',
      noConflict: true,
      payload: { criteria: { innovation: 25, capability: 45, impact: 20 } },
    });
    expect([over.status, Object.keys(over.body.errors)]).toEqual([422, ['payload.criteria.capability']]);
    const scored = await as('expert1').post(`/api/tasks/${seat.id}/complete`, {
      decision: 'approve',
      comment: '评分',
      noConflict: true,
      payload: { criteria: { innovation: 25, capability: 35, impact: 20.5 } },
    });
    expect(scored.status).toBe(200);
    expect((await as('province_reviewer').get(`/api/applications/${id}`)).body.expertScores).toEqual([
      expect.objectContaining({ score: 80.5 }),
    ]);
  });

  it('offers the people an action may name, by name, as the engine would accept them', async () => {
    const id = await submitted();
    const task = await openTask(id, 'gz_reviewer');
    const names = async (user: string, query: string) => {
      const res = await as(user).get(`/api/tasks/${task.id}/candidates?${query}`);
      expect(res.status, query).toBe(200);
      return (res.body as { username: string; displayName: string }[]).map((p) => p.username);
    };
    // 转办 to a reviewer of the same role and city, never to oneself, another city or an applicant
    const transfer = await names('gz_reviewer', 'action=transfer');
    expect(transfer).toContain('gz_reviewer2');
    expect(transfer).not.toContain('gz_reviewer');
    expect(transfer).not.toContain('dg_reviewer');
    expect(transfer).not.toContain('applicant1');
    // found by a part of the name a person knows
    expect(await names('gz_reviewer', `action=transfer&q=${encodeURIComponent('复核')}`)).toEqual(['gz_reviewer2']);
    // 委派 asks an opinion: a reviewer of the task's scope (its city's or province-wide), no applicant,
    // nor anyone whose role reviews nothing (administrator, auditor, finance on a review)
    // (found by name: the shared test database holds many more people than a page of 20)
    const offered = (action: string, name: string) =>
      names('gz_reviewer', `action=${action}&q=${encodeURIComponent(name)}`);
    expect(await offered('delegate', '省级中心 审核员')).toContain('province_reviewer');
    expect(await offered('delegate', '广州市科技局 复核员')).toContain('gz_reviewer2');
    expect(await offered('delegate', '专家 李明')).toContain('expert1');
    for (const action of ['delegate', 'add-signers'])
      for (const [never, name] of [
        ['dg_reviewer', '东莞市科技局 审核员'],
        ['applicant1', '广州科创金融服务有限公司'],
        ['admin', '系统管理员'],
        ['auditor', '安全审计员'],
        ['finance1', '财务 王芳'],
      ] as const)
        expect(await offered(action, name), `${action} ${never}`).not.toContain(never);
    expect(await names('gz_reviewer', 'action=cc')).not.toContain('applicant1');
    // nor does the engine take an applicant of another organisation, asked or copied on this case
    const handed = await as('gz_reviewer').post(`/api/tasks/${task.id}/claim`);
    expect(handed.status).toBe(200);
    const copied = await as('gz_reviewer').post(`/api/tasks/${task.id}/cc`, {
      usernames: ['gz_reviewer2', 'applicant1'],
    });
    expect(copied.status).toBe(422);
    expect(copied.body.errors).toHaveProperty(['usernames.1']);
    const asked = await as('gz_reviewer').post(`/api/tasks/${task.id}/delegate`, {
      assignee: 'applicant1',
      comment: '?',
    });
    expect(asked.status).toBe(422);
    expect(asked.body.errors).toHaveProperty('assignee');
    // and every one offered is taken: 转办 to the one found
    const moved = await as('gz_reviewer').post(`/api/tasks/${task.id}/transfer`, {
      assignee: transfer[0],
      comment: '请复核',
    });
    expect(moved.body.assignee).toBe(transfer[0]);
    // and the case's history says to whom, by name
    const [colleague] = (await as('gz_reviewer').get(`/api/tasks/${task.id}/candidates?action=cc&q=${transfer[0]}`))
      .body as { displayName: string }[];
    const history = (await as('gz_reviewer').get(`/api/applications/${id}/history`)).body;
    const entry = history.audit.find((e: { action: string }) => e.action === 'task.transferred');
    expect(entry.named).toEqual([colleague!.displayName]);
    // who may not act on the task may not look for people either; a wrong action is named
    expect((await as('applicant2').get(`/api/tasks/${task.id}/candidates?action=cc`)).status).toBe(403);
    expect((await as('admin').get(`/api/tasks/${task.id}/candidates?action=assign`)).status).toBe(200);
    const bad = await as('gz_reviewer2').get(`/api/tasks/${task.id}/candidates?action=approve`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors.action).toMatch(/^须为转办、指派、委派、加签或抄送/);
    expect(bad.body.errors.action).not.toMatch(/add-signers|'cc'/);
  });

  it('我的 and 已办: the tasks a reviewer holds or decided, and nobody else’s', async () => {
    const id = await submitted();
    const task = await openTask(id, 'gz_reviewer');
    const list = async (user: string, filter: object) =>
      ((await as(user).get(`/api/tasks?filter=${q({ caseId: id, ...filter })}`)).body as { id: string }[]).map(
        (t) => t.id,
      );
    await as('gz_reviewer').post(`/api/tasks/${task.id}/claim`);
    expect(await list('gz_reviewer', { assignee: 'me', status: 'open' })).toEqual([task.id]);
    expect(await list('gz_reviewer2', { assignee: 'me', status: 'open' })).toEqual([]);
    // another city's reviewer does not find it by naming its holder either
    expect(await list('dg_reviewer', { assignee: 'gz_reviewer' })).toEqual([]);
    expect(await list('gz_reviewer2', { assignee: 'gz_reviewer' })).toEqual([task.id]);
    await as('gz_reviewer').post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意推荐' });
    expect(await list('gz_reviewer', { completedBy: 'me' })).toEqual([task.id]);
    expect(await list('gz_reviewer2', { completedBy: 'me' })).toEqual([]);
    expect(await list('dg_reviewer', { completedBy: 'gz_reviewer' })).toEqual([]);
  });

  it('claim / release by the holder; assign by an administrator only', async () => {
    const id = await submitted();
    const task = await openTask(id, 'gz_reviewer');
    expect((await as('gz_reviewer').post(`/api/tasks/${task.id}/claim`)).body.assignee).toBe('gz_reviewer');
    expect((await as('gz_reviewer2').post(`/api/tasks/${task.id}/claim`)).status).toBe(409);
    expect((await as('gz_reviewer2').post(`/api/tasks/${task.id}/release`)).status).toBe(409);
    expect((await as('gz_reviewer').post(`/api/tasks/${task.id}/release`)).body.assignee).toBeNull();
    expect((await as('gz_reviewer').post(`/api/tasks/${task.id}/assign`, { assignee: 'gz_reviewer2' })).status).toBe(
      403,
    );
    expect((await as('admin').post(`/api/tasks/${task.id}/assign`, { assignee: 'dg_reviewer' })).status).toBe(422);
    expect((await as('admin').post(`/api/tasks/${task.id}/assign`, { assignee: 'gz_reviewer2' })).body.assignee).toBe(
      'gz_reviewer2',
    );
  });

  it('转办: hands a task to an eligible colleague for good, and refuses one of another city', async () => {
    const id = await submitted();
    const task = await openTask(id, 'gz_reviewer');
    await as('gz_reviewer').post(`/api/tasks/${task.id}/claim`);
    const refused = await as('gz_reviewer').post(`/api/tasks/${task.id}/transfer`, {
      assignee: 'dg_reviewer',
      comment: '请东莞处理',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toHaveProperty('assignee');
    const moved = await as('gz_reviewer').post(`/api/tasks/${task.id}/transfer`, {
      assignee: 'gz_reviewer2',
      comment: '我出差，请复核员办理',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.assignee).toBe('gz_reviewer2');
    expect(
      (await as('gz_reviewer').post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意' })).status,
    ).toBe(409);
    const done = await as('gz_reviewer2').post(`/api/tasks/${task.id}/complete`, {
      decision: 'approve',
      comment: '同意推荐',
    });
    expect(done.body.status).toBe('provincial_review');
    const audit = await auditActions(id);
    expect(audit.find((e) => e.action === 'task.transferred')).toMatchObject({
      actorName: '广州市科技局 审核员',
      comment: '我出差，请复核员办理',
    });
  });

  it('委派: the delegate gives an opinion, the task comes back and its holder decides', async () => {
    const id = await submitted(true);
    const task = await openTask(id, 'province_reviewer');
    await as('province_reviewer').post(`/api/tasks/${task.id}/claim`);
    const delegated = await as('province_reviewer').post(`/api/tasks/${task.id}/delegate`, {
      assignee: 'province_reviewer2',
      comment: '请就服务能力提出意见',
    });
    expect(delegated.body).toMatchObject({ assignee: 'province_reviewer', delegatedTo: 'province_reviewer2' });
    expect(
      (await as('province_reviewer').post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意' }))
        .status,
    ).toBe(409);
    const notAnOpinion = await as('province_reviewer2').post(`/api/tasks/${task.id}/complete`, {
      decision: 'approve',
      comment: '同意',
    });
    expect(notAnOpinion.status).toBe(422);
    expect(notAnOpinion.body.errors.decision).toBe('可选：提交意见');
    expect(
      (
        await as('province_reviewer2').post(`/api/tasks/${task.id}/complete`, {
          decision: 'opinion',
          comment: '服务能力符合要求，建议纳入',
        })
      ).status,
    ).toBe(200);
    const back = await as('province_reviewer').get(`/api/tasks/${task.id}`);
    expect(back.body).toMatchObject({ assignee: 'province_reviewer', delegatedTo: null, status: 'open' });
    const admitted = await as('province_reviewer').post(`/api/tasks/${task.id}/complete`, {
      decision: 'approve',
      comment: '采纳复核意见，同意纳入',
    });
    expect(admitted.body.status).toBe('public_notice');
    expect((await auditActions(id)).filter((e) => e.action.startsWith('task.')).map((e) => e.action)).toEqual([
      'task.claimed',
      'task.delegated',
      'task.opinion_given',
    ]);
  });

  it('加签 before, after and alongside; 减签 of a signer who has not acted', async () => {
    // before: the holder waits for the added reviewer
    const before = await submitted(true);
    const t1 = await openTask(before, 'province_reviewer');
    // a signer must be someone else, not yet in the step, and free of conflict
    const self = await as('province_reviewer').post(`/api/tasks/${t1.id}/add-signers`, {
      usernames: ['province_reviewer'],
      position: 'parallel',
      comment: '自己',
    });
    expect(self.status).toBe(422);
    expect(self.body.errors).toHaveProperty('usernames.0');

    expect(
      (
        await as('province_reviewer').post(`/api/tasks/${t1.id}/add-signers`, {
          usernames: ['province_reviewer2'],
          position: 'before',
          comment: '请复核员先审',
        })
      ).status,
    ).toBe(200);
    expect(
      (await as('province_reviewer').post(`/api/tasks/${t1.id}/complete`, { decision: 'approve', comment: '同意' }))
        .status,
    ).toBe(409);
    const signer = (
      await as('province_reviewer2').get(`/api/tasks?filter=${q({ caseId: before, status: 'open', assignee: 'me' })}`)
    ).body[0];
    expect(signer).toMatchObject({ addedBy: 'province_reviewer', assignee: 'province_reviewer2' });
    expect(
      (
        await as('province_reviewer2').post(`/api/tasks/${signer.id}/complete`, {
          decision: 'approve',
          comment: '复核同意',
        })
      ).body.status,
    ).toBe('provincial_review');
    expect(
      (await as('province_reviewer').post(`/api/tasks/${t1.id}/complete`, { decision: 'approve', comment: '同意纳入' }))
        .body.status,
    ).toBe('public_notice');

    // after, then removed before acting: the holder's approval decides
    const after = await submitted(true);
    const t2 = await openTask(after, 'province_reviewer');
    await as('province_reviewer').post(`/api/tasks/${t2.id}/add-signers`, {
      usernames: ['province_reviewer2'],
      position: 'after',
      comment: '请复核员后审',
    });
    // 减签 offers the signer by name, with the username the action takes
    const removable = (await as('province_reviewer').get(`/api/tasks/${t2.id}`)).body.actions.find(
      (a: { action: string }) => a.action === 'remove-signer',
    ).fields[0].options;
    expect(removable).toEqual([
      { value: 'province_reviewer2', label: { zh: '省级中心 复核员', en: '省级中心 复核员' } },
    ]);
    const unknown = await as('province_reviewer').post(`/api/tasks/${t2.id}/remove-signer`, {
      username: 'expert1',
      comment: '误加',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toHaveProperty('username');
    expect(
      (
        await as('province_reviewer').post(`/api/tasks/${t2.id}/remove-signer`, {
          username: 'province_reviewer2',
          comment: '无需复核',
        })
      ).status,
    ).toBe(200);
    expect(
      (await as('province_reviewer').post(`/api/tasks/${t2.id}/complete`, { decision: 'approve', comment: '同意纳入' }))
        .body.status,
    ).toBe('public_notice');

    // alongside: both must approve
    const parallel = await submitted(true);
    const t3 = await openTask(parallel, 'province_reviewer');
    await as('province_reviewer').post(`/api/tasks/${t3.id}/add-signers`, {
      usernames: ['province_reviewer2'],
      position: 'parallel',
      comment: '共同审核',
    });
    expect(
      (await as('province_reviewer').post(`/api/tasks/${t3.id}/complete`, { decision: 'approve', comment: '同意' }))
        .body.status,
    ).toBe('provincial_review');
    const other = (
      await as('province_reviewer2').get(`/api/tasks?filter=${q({ caseId: parallel, status: 'open', assignee: 'me' })}`)
    ).body[0];
    expect(
      (await as('province_reviewer2').post(`/api/tasks/${other.id}/complete`, { decision: 'approve', comment: '同意' }))
        .body.status,
    ).toBe('public_notice');
  });

  it('退回 to an earlier step the case has passed, and refuses a step it has not', async () => {
    const id = await submitted();
    const municipal = await openTask(id, 'gz_reviewer');
    await as('gz_reviewer').post(`/api/tasks/${municipal.id}/complete`, { decision: 'approve', comment: '同意推荐' });
    const provincial = await openTask(id, 'province_reviewer');
    const options = (await as('province_reviewer').get(`/api/tasks/${provincial.id}`)).body.actions.find(
      (a: { action: string }) => a.action === 'return',
    ).fields[0].options;
    expect(options.map((o: { value: string }) => o.value)).toEqual(['applicant', 'municipal_review']);
    const refused = await as('province_reviewer').post(`/api/tasks/${provincial.id}/return`, {
      toStep: 'expert_review',
      comment: '退回专家',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toHaveProperty('toStep');
    const back = await as('province_reviewer').post(`/api/tasks/${provincial.id}/return`, {
      toStep: 'municipal_review',
      comment: '请地市核实推荐意见',
    });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('municipal_review');
    const again = await openTask(id, 'gz_reviewer');
    expect(again.id).not.toBe(municipal.id);
    // and it flows forward again
    expect(
      (
        await as('gz_reviewer').post(`/api/tasks/${again.id}/complete`, {
          decision: 'approve',
          comment: '已核实，再次推荐',
        })
      ).body.status,
    ).toBe('provincial_review');
    expect((await auditActions(id)).map((e) => e.action)).toContain('application.returned_to_step');
  });

  it('催办 by the applicant once a day; refused to someone with no part in the case', async () => {
    const id = await submitted();
    const task = await openTask(id, 'gz_reviewer');
    const urged = await owner(id).post(`/api/tasks/${task.id}/urge`, { comment: '请尽快审核' });
    expect(urged.status).toBe(200);
    expect((await owner(id).post(`/api/tasks/${task.id}/urge`, {})).status).toBe(429);
    expect((await as('dg_reviewer').post(`/api/tasks/${task.id}/urge`, {})).status).toBe(403);
    // the reminder reaches each 广州 municipal reviewer, and nobody of another city
    const sent = await ctx.stack.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.recipient_user')
      .select(['users.username', 'users.city', 'notifications.message'])
      .where('case_id', '=', id)
      .where('kind', '=', 'task.urged')
      .execute();
    expect(sent.map((n) => n.username)).toEqual(expect.arrayContaining(['gz_reviewer', 'gz_reviewer2']));
    expect(sent.every((n) => n.city === '广州' && n.message.includes('请尽快审核'))).toBe(true);
    expect(sent.map((n) => n.username)).not.toContain('dg_reviewer');
  });

  it('抄送 lets a colleague read the case and find it under 抄送我的; 评论 records a comment without deciding', async () => {
    const id = await submitted();
    const task = await openTask(id, 'gz_reviewer');
    expect((await as('dg_reviewer').get(`/api/applications/${id}`)).status).toBe(404);
    expect((await as('dg_reviewer').post(`/api/tasks/${task.id}/cc`, { usernames: ['dg_reviewer'] })).status).toBe(403);
    expect(
      (await as('gz_reviewer').post(`/api/tasks/${task.id}/cc`, { usernames: ['dg_reviewer'], comment: '供参考' }))
        .status,
    ).toBe(200);
    expect((await as('dg_reviewer').get(`/api/applications/${id}`)).status).toBe(200);
    const copied = await as('dg_reviewer').get('/api/users/me/cc');
    expect(copied.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseType: 'admission', caseId: id })]),
    );

    expect((await as('gz_reviewer').post(`/api/tasks/${task.id}/comment`, { text: '  ' })).status).toBe(422);
    expect(
      (await as('gz_reviewer').post(`/api/tasks/${task.id}/comment`, { text: '材料齐全，待现场核实' })).status,
    ).toBe(200);
    expect((await auditActions(id)).find((e) => e.action === 'case.commented')).toMatchObject({
      comment: '材料齐全，待现场核实',
    });
    expect((await as('gz_reviewer').get(`/api/tasks/${task.id}`)).body.status).toBe('open');
  });

  it('撤回: the applicant recalls a submission nobody has touched, but not after a claim', async () => {
    const id = await submitted();
    await openTask(id, 'gz_reviewer'); // 广州 has it in its queue, unclaimed
    const recalled = await owner(id).post(`/api/applications/${id}/recall`, { comment: '补充材料后再提交' });
    expect(recalled.status).toBe(200);
    expect(recalled.body.status).toBe('draft');
    expect((await as('gz_reviewer').get(`/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body).toEqual([]);
    expect((await owner(id).post(`/api/applications/${id}/submit`)).body.status).toBe('municipal_review');
    const task = await openTask(id, 'gz_reviewer');
    await as('gz_reviewer').post(`/api/tasks/${task.id}/claim`);
    expect((await owner(id).post(`/api/applications/${id}/recall`)).status).toBe(409);
    expect((await as('applicant2').post(`/api/applications/${id}/recall`)).status).toBe(404);
  });

  it("代理: a colleague stands in on the absent reviewer's own tasks within the window, recorded as acting for them", async () => {
    const principal = await freshUser(['provincial_reviewer']);
    const stand = await freshUser(['provincial_reviewer']);
    const id = await submitted(true);
    const task = await openTask(id, 'province_reviewer');
    expect((await as(principal).post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const decide = (comment: string) =>
      as(stand).post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment });
    expect((await decide('不是我的任务')).status).toBe(409); // held by the colleague
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await as(principal).put('/api/users/me/proxy', {
      username: stand,
      from: later,
      to: new Date(Date.now() + 7_200_000).toISOString(),
    });
    expect((await as(stand).post(`/api/users/me/stand-in-offers/${principal}/accept`)).status).toBe(200);
    expect((await as(stand).get(`/api/tasks/${task.id}`)).body.actingFor).toBeNull(); // the window is not open yet
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    expect((await as(principal).put('/api/users/me/proxy', { username: stand, from, to: from })).status).toBe(422);
    expect((await as(principal).put('/api/users/me/proxy', { username: stand, from, to })).body).toMatchObject({
      username: stand,
      accepted: false,
    });
    // named, not yet accepted: no authority
    expect((await as(stand).get(`/api/tasks/${task.id}`)).body.actingFor).toBeNull();
    expect((await as(stand).post(`/api/users/me/stand-in-offers/${principal}/accept`)).status).toBe(200);
    expect((await as(principal).get('/api/users/me/proxy')).body.accepted).toBe(true);
    const detail = await as(stand).get(`/api/tasks/${task.id}`);
    expect(detail.body.actingFor).toBe(`测试用户 ${principal}`);
    expect((await as(stand).post(`/api/tasks/${task.id}/comment`, { text: '代为查看' })).status).toBe(200);
    expect((await auditActions(id)).find((e) => e.action === 'case.commented')).toMatchObject({
      actorName: `测试用户 ${stand}`,
      actingFor: `测试用户 ${principal}`,
    });
    // the window closes: the stand-in may no longer decide the colleague's task
    expect((await ctx.api.call('DELETE', '/api/users/me/proxy', { as: principal })).status).toBe(200);
    expect((await decide('窗口已关闭')).status).toBe(409);
  });

  it('流程预测: the step in progress with its due date, then the next step by the working-day calendar', async () => {
    const id = await submitted();
    const task = await openTask(id, 'gz_reviewer');
    const forecast = await owner(id).get(`/api/applications/${id}/forecast`);
    expect(forecast.status).toBe(200);
    expect(forecast.body.map((s: { step: string }) => s.step)).toEqual([
      'municipal_review',
      'provincial_review',
      'public_notice',
      'review_window',
    ]);
    const [current, next, notice, review] = forecast.body;
    expect(current).toMatchObject({
      current: true,
      mode: 'single',
      reviewers: { role: 'municipal_reviewer', city: '广州', count: 1 },
      label: { zh: '地市推荐' },
    });
    expect(current.dueAt).toBe((await as('gz_reviewer').get(`/api/tasks/${task.id}`)).body.dueAt);
    const calendar = await loadCalendar(ctx.stack.db);
    expect(next.dueAt).toBe(addWorkingDays(new Date(current.dueAt), 15, calendar).toISOString());
    // to the end of the process: the 公示 (5 working days) and the 复核 window (5 more) after it
    expect(notice).toMatchObject({ label: { zh: '公示' }, current: false, period: { days: 5, unit: 'working' } });
    expect(notice.dueAt).toBe(addWorkingDays(new Date(next.dueAt), 5, calendar).toISOString());
    expect(review).toMatchObject({ label: { zh: '复核申请期' }, current: false });
    expect(review.dueAt).toBe(addWorkingDays(new Date(notice.dueAt), 5, calendar).toISOString());
    expect((await as('applicant2').get(`/api/applications/${id}/forecast`)).status).toBe(404);
  });

  it('流程预测 in 公示: the notice in progress to its end, then the 复核 window', async () => {
    const id = await submitted(true);
    const provincial = await openTask(id, 'province_reviewer');
    await as('province_reviewer').post(`/api/tasks/${provincial.id}/complete`, {
      decision: 'approve',
      comment: '同意',
    });
    const forecast = (await owner(id).get(`/api/applications/${id}/forecast`)).body;
    const notice = await ctx.stack.db
      .selectFrom('notices')
      .selectAll()
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(forecast.map((s: { step: string; current: boolean }) => [s.step, s.current])).toEqual([
      ['public_notice', true],
      ['review_window', false],
    ]);
    expect(forecast[0].dueAt).toBe(new Date(notice.ends_at).toISOString());
    const calendar = await loadCalendar(ctx.stack.db);
    expect(forecast[1].dueAt).toBe(addWorkingDays(new Date(notice.ends_at), 5, calendar).toISOString());
  });

  it('审批单: a PDF with every opinion in Chinese and the last audit hash; printing is recorded', async () => {
    const id = await submitted();
    const municipal = await openTask(id, 'gz_reviewer');
    await as('gz_reviewer').post(`/api/tasks/${municipal.id}/complete`, {
      decision: 'approve',
      comment: '同意推荐，服务模式有特色',
    });
    const provincial = await openTask(id, 'province_reviewer');
    await as('province_reviewer').post(`/api/tasks/${provincial.id}/complete`, {
      decision: 'approve',
      comment: '同意纳入管理序列',
    });
    const before = await auditActions(id);
    const res = await ctx.api.app.request(`/api/applications/${id}/approval-sheet.pdf`, {
      headers: { Authorization: `Bearer ${await token('province_reviewer')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'sheet-'));
    writeFileSync(join(dir, 'sheet.pdf'), Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'sheet.pdf'), '-'], { encoding: 'utf8' });
    for (const words of [
      '分中心申报审批单',
      '地市推荐',
      '同意推荐，服务模式有特色',
      '省级审核',
      '同意纳入管理序列',
      '广州市科技局 审核员',
    ])
      expect(text.replace(/\s+/g, '')).toContain(words.replace(/\s+/g, ''));
    const history = await as('admin').get(`/api/applications/${id}/history`);
    const printed = history.body.audit.find((e: { action: string }) => e.action === 'case.sheet_printed');
    expect(printed).toBeDefined();
    expect(text.replace(/\s+/g, '')).toContain((printed.data as { lastAuditHash: string }).lastAuditHash);
    expect(printed.data.lastAuditHash).toBe((before as unknown as { hash: string }[]).at(-1)!.hash);
    expect((await as('dg_reviewer').get(`/api/applications/${id}/approval-sheet.pdf`)).status).toBe(404);
  });

  it("回避: an expert of the applicant's city never sees its expert review, and may not claim it", async () => {
    const gzExpert = await freshUser(['expert'], '广州');
    const id = await submitted(true);
    await toExperts(id);
    const expertTask = await openTask(id, 'expert1');
    expect(expertTask.step).toBe('expert_review');
    expect((await as(gzExpert).get(`/api/tasks?filter=${q({ caseId: id })}`)).body).toEqual([]);
    const claimed = await as(gzExpert).post(`/api/tasks/${expertTask.id}/claim`);
    expect(claimed.status).toBe(403);
    expect(claimed.body.message).toContain('回避');
    // nor can the task be handed to them
    expect(
      (await as('expert1').post(`/api/tasks/${expertTask.id}/transfer`, { assignee: gzExpert, comment: '请协助' }))
        .status,
    ).toBe(422);
  });

  it('keeps expert review secret from the applicant: no expert name, score or comment on its case page, timeline or 审批单', async () => {
    const id = await submitted(true);
    await toExperts(id);
    const seat = await openTask(id, 'expert1');
    expect((await as('expert1').post(`/api/tasks/${seat.id}/claim`)).status).toBe(200);
    const scored = await as('expert1').post(`/api/tasks/${seat.id}/complete`, {
      decision: 'approve',
      comment: '创新性突出（仅供评审组阅）',
      score: 83.5,
      noConflict: true,
    });
    expect(scored.status).toBe(200);
    // the Provincial Center reads the panel in full, its mean on the page and both on the 审批单
    const full = (await as('province_reviewer').get(`/api/applications/${id}`)).body;
    expect(full.expertScores).toEqual([expect.objectContaining({ expert: '专家 李明', score: 83.5 })]);
    expect(full.expertMean).toBe(83.5);
    const reviewerSheet = await ctx.api.app.request(`/api/applications/${id}/approval-sheet.pdf`, {
      headers: { Authorization: `Bearer ${await token('province_reviewer')}` },
    });
    const reviewerDir = mkdtempSync(join(tmpdir(), 'panel-'));
    writeFileSync(join(reviewerDir, 'sheet.pdf'), Buffer.from(await reviewerSheet.arrayBuffer()));
    const reviewerText = execFileSync('pdftotext', [join(reviewerDir, 'sheet.pdf'), '-'], { encoding: 'utf8' });
    expect(reviewerText).toContain('专家 李明 83.5');
    expect(reviewerText).toContain('专家评审均分');
    const page = await owner(id).get(`/api/applications/${id}`);
    expect(page.body.expertScores).toEqual([]);
    const history = await owner(id).get(`/api/applications/${id}/history`);
    expect(history.body.audit.some((e: { actorName: string }) => e.actorName === '评审专家')).toBe(true);
    const forecast = await owner(id).get(`/api/applications/${id}/forecast`);
    const res = await ctx.api.app.request(`/api/applications/${id}/approval-sheet.pdf`, {
      headers: { Authorization: `Bearer ${await token(owners.get(id)!)}` },
    });
    expect(res.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'sealed-'));
    writeFileSync(join(dir, 'sheet.pdf'), Buffer.from(await res.arrayBuffer()));
    const sheet = execFileSync('pdftotext', [join(dir, 'sheet.pdf'), '-'], { encoding: 'utf8' });
    expect(sheet).toContain('评审专家');
    for (const text of [JSON.stringify(page.body), JSON.stringify(history.body), JSON.stringify(forecast.body), sheet])
      for (const secret of ['李明', '83.5', '仅供评审组阅']) expect(text).not.toContain(secret);
    // the panel's mean is shown only where the case's rule set says so (not by default): a rule set
    // allowing it, for the cases submitted under it
    expect(page.body.expertMean).toBeNull();
    const current = (await as('admin').get(`/api/rule-sets?filter=${q({ kind: 'admission' })}`)).body[0];
    const published = await as('province_reviewer').post('/api/rule-sets', {
      kind: 'admission',
      body: { ...current.body, expertMeanToApplicant: true },
      comment: '向申报单位公开专家评审平均分',
    });
    expect(published.status).toBe(201);
    const later = await submitted(true);
    await toExperts(later);
    const laterSeat = await openTask(later, 'expert1');
    await as('expert1').post(`/api/tasks/${laterSeat.id}/claim`);
    await as('expert1').post(`/api/tasks/${laterSeat.id}/complete`, {
      decision: 'approve',
      comment: '良好',
      score: 81,
      noConflict: true,
    });
    const shown = (await owner(later).get(`/api/applications/${later}`)).body;
    expect(shown.ruleVersion).toBeGreaterThanOrEqual(published.body.version);
    expect([shown.expertMean, shown.expertScores]).toEqual([81, []]);
  });

  it('lets experts and finance officers read only the cases they work on', async () => {
    const id = await submitted(true);
    expect((await as('expert1').get(`/api/applications/${id}`)).status).toBe(404);
    expect((await as('finance1').get(`/api/applications/${id}`)).status).toBe(404);
    expect((await as('expert1').get(`/api/applications/${id}/history`)).status).toBe(404);
    await toExperts(id);
    // asked to score: now the case and its evidence are theirs to read
    expect((await as('expert1').get(`/api/applications/${id}`)).status).toBe(200);
    expect((await as('finance1').get(`/api/applications/${id}`)).status).toBe(404);
    const listed = (await as('finance1').get(`/api/applications?filter=${q({ q: '' })}`)).body as { id: string }[];
    expect(listed.map((a) => a.id)).not.toContain(id);
    const scorers = (await as('expert1').get('/api/applications?range=[0,499]')).body as { id: string }[];
    expect(scorers.map((a) => a.id)).toContain(id); // the same list shows it to the expert asked to score
  });

  it("shows an expert one free seat of a panel's step, not one row per seat", async () => {
    // the queue's rule on the read model: a panel of three open seats of one step run (as 会签 writes it)
    const caseId = `panel-${Date.now()}`;
    const seat = (n: number, assignee: string | null = null) => ({
      id: `${caseId}-seat-${n}`,
      case_type: 'competition',
      case_id: caseId,
      workflow_id: `competition-${caseId}`,
      step_run: 'bid_scoring:1',
      title: '揭榜方案评审（面板测试）',
      step: 'bid_scoring',
      role: 'expert',
      candidate_roles: ['expert'],
      assignee,
      due_at: new Date(Date.now() + 86_400_000),
      priority: 0,
      escalation_level: 0,
      status: 'open',
      created_at: new Date(),
    });
    await ctx.stack.db
      .insertInto('tasks')
      .values([seat(1), seat(2), seat(3)])
      .execute();
    const queue = async (user: string) =>
      ((await as(user).get(`/api/tasks?filter=${q({ caseId, status: 'open' })}`)).body as { id: string }[]).map(
        (t) => t.id,
      );
    expect(await queue('expert1')).toEqual([`${caseId}-seat-1`]);
    expect(await queue('expert2')).toEqual([`${caseId}-seat-1`]);
    // expert1 holds the first seat: they see it, expert2 sees the next free one
    await ctx.stack.db.updateTable('tasks').set({ assignee: 'expert1' }).where('id', '=', `${caseId}-seat-1`).execute();
    expect(await queue('expert1')).toEqual([`${caseId}-seat-1`]);
    expect((await queue('expert2')).filter((id) => id !== `${caseId}-seat-1`)).toEqual([`${caseId}-seat-2`]);
    // no workflow stands behind these rows: leave nobody's queue with them
    await ctx.stack.db.updateTable('tasks').set({ status: 'cancelled' }).where('case_id', '=', caseId).execute();
  });

  it('attaches the signature kept in the profile to a decision on the printed sheet', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const notImage = await as('province_reviewer2').put('/api/users/me/signature', {
      image: `data:image/png;base64,${Buffer.from('MZ not a png').toString('base64')}`,
    });
    expect(notImage.status).toBe(422);
    expect(notImage.body.errors).toHaveProperty('image');
    expect(
      (await as('province_reviewer2').put('/api/users/me/signature', { image: `data:image/png;base64,${png}` })).status,
    ).toBe(200);
    const id = await submitted(true);
    const task = await openTask(id, 'province_reviewer2');
    await as('province_reviewer2').post(`/api/tasks/${task.id}/complete`, {
      decision: 'approve',
      comment: '同意（已签名）',
      signed: true,
    });
    const res = await ctx.api.app.request(`/api/applications/${id}/approval-sheet.pdf`, {
      headers: { Authorization: `Bearer ${await token('admin')}` },
    });
    const dir = mkdtempSync(join(tmpdir(), 'signed-'));
    writeFileSync(join(dir, 'sheet.pdf'), Buffer.from(await res.arrayBuffer()));
    const images = execFileSync('pdfimages', ['-list', join(dir, 'sheet.pdf')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(2);
    // one picture (its alpha channel is listed as a second row, of type smask)
    expect(images.filter((r) => r.trim().split(/\s+/)[2] === 'image')).toHaveLength(1);
    expect(execFileSync('pdftotext', [join(dir, 'sheet.pdf'), '-'], { encoding: 'utf8' })).toContain('签名');
  });

  it('forecasts and prints a payout, a process of its own', async () => {
    const sc = await insertSubCenter(ctx.stack.db, {
      name: `预测后补助中心-${randomUUID().slice(0, 6)}`,
      admittedAt: '2025-03-01T00:00:00+08:00',
    });
    const { workflowId: id, input } = buildPayout(sc, '预测后补助中心', { amount: 200_000, reason: '年度评价优秀' });
    await ctx.stack.client.workflow.start(payout, { workflowId: id, taskQueue: TASK_QUEUE, args: [input] });
    await expect
      .poll(async () => (await as('finance1').get(`/api/payouts/${id}`)).status, { timeout: 10_000 })
      .toBe(200);
    const forecast = await as('finance1').get(`/api/payouts/${id}/forecast`);
    expect(forecast.body).toEqual([
      expect.objectContaining({
        step: 'payout_approval',
        current: true,
        reviewers: { role: 'finance', city: null, count: 1 },
        label: { zh: '后补助审批', en: 'Payout approval' },
      }),
    ]);
    const task = (await as('finance1').get(`/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body[0];
    expect(
      (
        await as('finance1').post(`/api/tasks/${task.id}/complete`, {
          decision: 'approve',
          comment: '同意拨付二十万元',
        })
      ).body.status,
    ).toBe('paid');
    expect((await as('finance1').get(`/api/payouts/${id}/forecast`)).body).toEqual([]);
    const res = await ctx.api.app.request(`/api/payouts/${id}/approval-sheet.pdf`, {
      headers: { Authorization: `Bearer ${await token('finance1')}` },
    });
    const dir = mkdtempSync(join(tmpdir(), 'payout-'));
    writeFileSync(join(dir, 'sheet.pdf'), Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', [join(dir, 'sheet.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const words of ['后补助拨付审批单', '后补助审批', '同意拨付二十万元']) expect(text).toContain(words);
  });

  it('refuses a rule-set version whose step configuration is invalid, naming the field', async () => {
    const current = (await as('province_reviewer').get(`/api/rule-sets?filter=${q({ kind: 'admission' })}`)).body[0];
    const body = {
      ...current.body,
      steps: {
        ...current.body.steps,
        provincial_review: {
          mode: 'single',
          passRatio: 0.5,
          reviewers: { role: 'provincial_reviewer' },
          workingDays: 15,
        },
      },
    };
    const refused = await as('province_reviewer').post('/api/rule-sets', {
      kind: 'admission',
      body,
      comment: '试行会签',
    });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.errors)).toContain('body.steps.provincial_review.passRatio');
    expect(
      (await as('province_reviewer').get(`/api/rule-sets?filter=${q({ kind: 'admission' })}`)).body[0].version,
    ).toBe(current.version);
  });
});

async function token(username: string) {
  const res = await ctx.api.call('POST', '/api/auth/login', {
    body: { username, password: DEMO_PASSWORD, otp: demoOtp(username) },
  });
  return res.body.token as string;
}
