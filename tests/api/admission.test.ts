import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { recordAdminChange } from '../../api/adminAudit.js';
import { admissionWorkflowId } from '../../workflows/names.js';
import { setupApi } from '../support/api.js';
import { buildApplication, buildBankApplication } from '../support/builders.js';

const ctx = setupApi();

const submittedCase = (data = buildApplication()) => ctx.api.submittedCase(data);
async function taskOf(caseId: string, as: string) {
  const res = await ctx.api
    .as(as)
    .get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId, status: 'open' }))}`);
  return res.body[0] as { id: string; step: string; assigneeName: string | null } | undefined;
}

/** How often a case was recommended (the audit trail's entries). */
const recommendations = async (caseId: string) =>
  (
    await ctx.stack.db
      .selectFrom('audit_log')
      .select('id')
      .where('case_id', '=', caseId)
      .where('action', '=', 'application.recommended')
      .execute()
  ).length;

describe('admission through the API (real Temporal and PostgreSQL)', () => {
  it('takes an application from applicant to 广州 recommendation to provincial approval and its 公示', async () => {
    const data = buildApplication();
    const applicant = await ctx.api.applicantOf(data);
    const draft = await applicant.post('/api/applications', data);
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', orgName: data.orgName, city: '广州' });
    const edited = await applicant.put(`/api/applications/${draft.body.id}`, {
      ...draft.body,
      orgName: `${data.orgName}(修订)`,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.orgName).toBe(`${data.orgName}(修订)`);
    expect((await applicant.post(`/api/applications/${draft.body.id}/submit`)).body.status).toBe('municipal_review');

    const task = await taskOf(draft.body.id, 'gz_reviewer');
    expect(task).toMatchObject({ step: 'municipal_review' });
    const claimed = await ctx.api.as('gz_reviewer').post(`/api/tasks/${task!.id}/claim`);
    expect(claimed.body).toMatchObject({ assignee: 'gz_reviewer', assigneeName: '广州市科技局 审核员' });
    // 处理人 by name in the queue and on the case
    expect((await taskOf(draft.body.id, 'gz_reviewer'))!.assigneeName).toBe('广州市科技局 审核员');
    expect((await applicant.get(`/api/applications/${draft.body.id}`)).body.openTasks[0].assigneeName).toBe(
      '广州市科技局 审核员',
    );
    const recommended = await ctx.api
      .as('gz_reviewer')
      .post(`/api/tasks/${task!.id}/complete`, { decision: 'approve', comment: '同意推荐' });
    expect(recommended.status).toBe(200);
    expect(recommended.body.status).toBe('provincial_review');
    // Read-after-write: the new state is already in the read model.
    const detail = await applicant.get(`/api/applications/${draft.body.id}`);
    expect(detail.body).toMatchObject({ status: 'provincial_review', currentStep: 'provincial_review' });
    expect(detail.body.openTasks).toHaveLength(1);

    const provincial = await taskOf(draft.body.id, 'province_reviewer');
    const admitted = await ctx.api
      .as('province_reviewer')
      .post(`/api/tasks/${provincial!.id}/complete`, { decision: 'approve', comment: '同意纳入管理序列' });
    expect(admitted.body.status).toBe('public_notice');
    // on the public board, not yet on the roster (it becomes final after the notice period: tests/workflows/publicNotice)
    const board = await ctx.api.call(
      'GET',
      `/api/public/notices?filter=${encodeURIComponent(JSON.stringify({ q: data.orgName }))}`,
    );
    expect(
      board.body.some((n: { items: { orgName: string }[] }) =>
        n.items.some((i) => i.orgName === `${data.orgName}(修订)`),
      ),
    ).toBe(true);
    const roster = await ctx.api
      .as('applicant2')
      .get(`/api/sub-centers?filter=${encodeURIComponent(JSON.stringify({ q: data.orgName }))}`);
    expect(roster.body).toEqual([]);

    const history = await ctx.api.as('admin').get(`/api/applications/${draft.body.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.audit.map((e: { action: string }) => e.action)).toEqual([
      'application.created',
      'application.edited',
      'application.submitted',
      'task.claimed',
      'application.recommended',
      'application.approved_for_notice',
      'notice.published',
    ]);
    expect(history.body.audit.every((e: { intact: boolean }) => e.intact)).toBe(true);
    expect(history.body.audit[4]).toMatchObject({
      actorName: '广州市科技局 审核员',
      comment: '同意推荐',
      fromStatus: 'municipal_review',
      toStatus: 'provincial_review',
    });
    const eventTypes = history.body.temporal.events.map((e: { eventType: string }) => e.eventType);
    expect(eventTypes[0]).toBe('WORKFLOW_EXECUTION_STARTED');
    expect(eventTypes).toContain('WORKFLOW_EXECUTION_UPDATE_COMPLETED');
    expect(history.body.temporal.uiUrl).toContain(encodeURIComponent(`admission-${data.creditCode}`));
    // the applicant reads the same trail, without the internal process history
    const own = await applicant.get(`/api/applications/${draft.body.id}/history`);
    expect(own.body.audit.map((e: { action: string }) => e.action)).toEqual(
      history.body.audit.map((e: { action: string }) => e.action),
    );
    expect(own.body.temporal).toBeNull();
  });

  it('starts a case with its city, system and first status for operators, upserting none of them', async () => {
    const data = buildApplication();
    await ctx.api.submittedCase(data);
    const handle = ctx.stack.client.workflow.getHandle(admissionWorkflowId(data.creditCode));
    const { searchAttributes } = await handle.describe();
    expect([searchAttributes.KejinCity, searchAttributes.KejinSystem, searchAttributes.KejinStatus]).toEqual([
      ['广州'],
      [data.system],
      ['municipal_review'],
    ]);
    // the first workflow task upserts only the patch's change version; submitting upserts the new status
    const upserts = ((await handle.fetchHistory()).events ?? [])
      .map((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields)
      .filter((fields) => fields)
      .map((fields) => Object.keys(fields!).join());
    expect(upserts).toEqual(['TemporalChangeVersion', 'KejinStatus']);
  });

  it('keeps applicants to their own cases and reviewers to their own city', async () => {
    const { id, applicant } = await submittedCase();
    const otherData = buildApplication({ city: '东莞' });
    const other = await ctx.api.applicantOf(otherData);
    const own = await other.post('/api/applications', otherData);
    expect(own.status).toBe(201);
    expect((await other.get(`/api/applications/${id}`)).status).toBe(404);
    const listed = (await other.get('/api/applications?range=[0,499]')).body.map((a: { id: string }) => a.id);
    expect(listed).toContain(own.body.id); // their own cases are listed…
    expect(listed).not.toContain(id); // …and nobody else's
    expect((await ctx.api.as('dg_reviewer').get(`/api/applications/${id}`)).status).toBe(404);

    const task = await taskOf(id, 'gz_reviewer');
    expect(await taskOf(id, 'dg_reviewer')).toBeUndefined();
    expect((await ctx.api.as('dg_reviewer').get(`/api/tasks/${task!.id}`)).status).toBe(404);
    const refused = await ctx.api
      .as('dg_reviewer')
      .post(`/api/tasks/${task!.id}/complete`, { decision: 'approve', comment: '同意' });
    expect(refused.status).toBe(403);
    expect(
      (await applicant.post(`/api/tasks/${task!.id}/complete`, { decision: 'approve', comment: '同意' })).status,
    ).toBe(403);
    expect((await other.post(`/api/applications/${id}/withdraw`)).status).toBe(404);
    // nothing changed
    expect((await applicant.get(`/api/applications/${id}`)).body.status).toBe('municipal_review');
  });

  it('answers bad input with 4xx naming the field, and changes nothing', async () => {
    const applicant1 = () => ctx.api.as('applicant1');
    const badCode = await applicant1().post(
      '/api/applications',
      buildApplication({ creditCode: '91440101MA59XXXXX1' }),
    );
    expect(badCode.status).toBe(422);
    expect(badCode.body.errors.creditCode).toMatch(/校验码|check/);
    const mismatch = await applicant1().post(
      '/api/applications',
      buildApplication({ system: 'financial', category: 'comprehensive' }),
    );
    expect(mismatch.status).toBe(422);
    expect(Object.keys(mismatch.body.errors)).toEqual(expect.arrayContaining(['category', 'applicantKind']));
    const noCity = await applicant1().post('/api/applications', { ...buildApplication(), city: '上海' });
    expect(noCity.status).toBe(422);
    expect(noCity.body.errors.city).toBeDefined();

    const incompleteData = buildApplication();
    const applicant = await ctx.api.applicantOf(incompleteData);
    const incomplete = await applicant.post('/api/applications', {
      ...incompleteData,
      plan: undefined,
      checklist: undefined,
    });
    const submit = await applicant.post(`/api/applications/${incomplete.body.id}/submit`);
    expect(submit.status).toBe(422);
    expect(submit.body.errors).toHaveProperty('plan.serviceModel');
    expect((await applicant.get(`/api/applications/${incomplete.body.id}`)).body.status).toBe('draft');

    const { id, applicant: submitter } = await submittedCase();
    const lateEdit = await submitter.put(`/api/applications/${id}`, { orgName: '改名' });
    expect(lateEdit.status).toBe(409);
    const task = await taskOf(id, 'gz_reviewer');
    const noComment = await ctx.api
      .as('gz_reviewer')
      .post(`/api/tasks/${task!.id}/complete`, { decision: 'reject', comment: '' });
    expect(noComment.status).toBe(422);
    expect(noComment.body.errors.comment).toBeDefined();
    const wrongDecision = await ctx.api
      .as('gz_reviewer')
      .post(`/api/tasks/${task!.id}/complete`, { decision: 'site_inspection', comment: '考察' });
    expect(wrongDecision.status).toBe(422);
    expect((await ctx.api.as('gz_reviewer').get('/api/tasks?sort=["nope","ASC"]')).status).toBe(422);
    expect((await ctx.api.as('gz_reviewer').get('/api/tasks?range=notjson')).status).toBe(422);
    expect((await ctx.api.call('GET', '/api/applications')).status).toBe(401);
    expect(
      (await ctx.api.call('POST', '/api/auth/login', { body: { username: 'applicant1', password: 'wrong' } })).status,
    ).toBe(401);
    expect((await submitter.get(`/api/applications/${id}`)).body.status).toBe('municipal_review');
  });

  it('refuses a second active application of the same organisation with 409', async () => {
    const data = buildBankApplication();
    const applicant = await ctx.api.applicantOf(data);
    expect((await applicant.post('/api/applications', data)).status).toBe(201);
    const again = await applicant.post('/api/applications', data);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('进行中的申请');
  });

  it('does not act twice on a retried request with the same Idempotency-Key', async () => {
    const data = buildApplication();
    const key = { 'Idempotency-Key': `create-${data.creditCode}` };
    const applicant = await ctx.api.applicantOf(data);
    const first = await applicant.post('/api/applications', data, key);
    const retry = await applicant.post('/api/applications', data, key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    await applicant.post(`/api/applications/${first.body.id}/submit`);

    const task = await taskOf(first.body.id, 'gz_reviewer');
    const decisionKey = { 'Idempotency-Key': `decide-${task!.id}` };
    const decided = await ctx.api
      .as('gz_reviewer')
      .post(`/api/tasks/${task!.id}/complete`, { decision: 'approve', comment: '同意' }, decisionKey);
    const again = await ctx.api
      .as('gz_reviewer')
      .post(`/api/tasks/${task!.id}/complete`, { decision: 'approve', comment: '同意' }, decisionKey);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(decided.body);
    // the same key with another body is another request: refused, not answered with the first result
    const otherBody = await ctx.api
      .as('gz_reviewer')
      .post(`/api/tasks/${task!.id}/complete`, { decision: 'reject', comment: '不同意' }, decisionKey);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.errors['Idempotency-Key']).toBe('该幂等键已用于内容不同的请求');
    expect(await recommendations(first.body.id)).toBe(1);
    const count = await ctx.stack.db
      .selectFrom('applications')
      .select(sql<string>`count(*)`.as('n'))
      .where('credit_code', '=', data.creditCode)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('takes over a request whose API died mid-way: the retry with its key returns the decision, made once', async () => {
    const { id } = await submittedCase();
    const task = await taskOf(id, 'gz_reviewer');
    const key = `crash-${task!.id}`;
    const decide = () =>
      ctx.api
        .as('gz_reviewer')
        .post(
          `/api/tasks/${task!.id}/complete`,
          { decision: 'approve', comment: '同意推荐' },
          { 'Idempotency-Key': key },
        );
    const first = await decide();
    expect(first.status).toBe(200);
    // as if the API had died after the decision reached the workflow, before it stored the answer
    const row = () => ctx.stack.db.updateTable('idempotency_keys').where('key', '=', key);
    await row().set({ status_code: null, response: null }).execute();
    const waiting = await decide(); // the lease still runs: the first request may yet answer
    expect(waiting.status).toBe(409);
    expect(waiting.headers.get('Retry-After')).toBe('5');
    await row().set({ lease_until: sql<Date>`now() - interval '1 second'` }).execute();
    const retried = await decide(); // the lease ran out: the retry takes over and re-attaches
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);
    expect(await recommendations(id)).toBe(1);
    // and the answer is now stored for the key
    const again = await decide();
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('answers a keyed retry of a decision answered 503 (the engine away) with the decision it made, once', async () => {
    const { id } = await submittedCase();
    const task = await taskOf(id, 'gz_reviewer');
    const key = `away-${task!.id}`;
    const decide = (comment = '同意推荐') =>
      ctx.api
        .as('gz_reviewer')
        .post(`/api/tasks/${task!.id}/complete`, { decision: 'approve', comment }, { 'Idempotency-Key': key });
    const first = await decide();
    expect(first.status).toBe(200);
    // as if the answer had been a 503 (nothing is stored for the key then) after the decision landed
    await ctx.stack.db.deleteFrom('idempotency_keys').where('key', '=', key).execute();
    const retried = await decide(); // the task is closed now: the Update's ID finds the decision
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);
    expect(await recommendations(id)).toBe(1);
    // a key that never reached the engine, on a closed task: refused
    const late = await ctx.api
      .as('gz_reviewer')
      .post(
        `/api/tasks/${task!.id}/complete`,
        { decision: 'approve', comment: '再次' },
        { 'Idempotency-Key': `late-${task!.id}` },
      );
    expect(late.status).toBe(409);
  });

  it("pages, filters and sorts lists in react-admin's dialect", async () => {
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push(await submittedCase());
    const page = await ctx.api
      .as('gz_reviewer')
      .get(
        `/api/tasks?sort=${encodeURIComponent('["dueAt","ASC"]')}&range=${encodeURIComponent('[0,1]')}&filter=${encodeURIComponent('{"status":"open","step":"municipal_review"}')}`,
      );
    expect(page.status).toBe(200);
    expect(page.body).toHaveLength(2);
    expect(page.headers.get('Content-Range')).toMatch(/^tasks 0-1\/\d+$/);
    expect(Number(page.headers.get('Content-Range')!.split('/')[1])).toBeGreaterThanOrEqual(3);
    expect(Date.parse(page.body[0].dueAt)).toBeLessThanOrEqual(Date.parse(page.body[1].dueAt));
    const mine = await cases[0]!.applicant.get(
      `/api/applications?filter=${encodeURIComponent('{"status":["municipal_review"]}')}&range=[0,4]`,
    );
    expect(mine.body.length).toBeGreaterThan(0);
    expect(mine.body.every((a: { status: string }) => a.status === 'municipal_review')).toBe(true);
  });

  it('keeps the audit trail append-only: the database refuses to change or delete an entry', async () => {
    // an entry of its own, so the trail is never empty whatever ran before
    const key = `append-only-${Date.now()}`;
    await ctx.stack.db.transaction().execute((trx) =>
      recordAdminChange(
        trx,
        { id: 'u-test', username: 'test', displayName: '测试', roles: ['admin'], city: null, organizationId: null },
        {
          caseType: 'user',
          caseId: key,
          action: 'user.updated',
          data: {},
        },
      ),
    );
    await expect(
      sql`update audit_log set comment = 'tampered' where case_id = ${key}`.execute(ctx.stack.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where case_id = ${key}`.execute(ctx.stack.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('publishes an OpenAPI document generated from the schemas', async () => {
    const doc = await ctx.api.call('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/applications',
        '/api/applications/{id}/submit',
        '/api/tasks/{id}/complete',
        '/api/sub-centers',
      ]),
    );
    expect(
      doc.body.paths['/api/applications'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('creditCode');
  });
});
