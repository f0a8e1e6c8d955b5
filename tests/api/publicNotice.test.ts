/**
 * 公示 through the API (DOMAIN §9): the public board without a token, written objections and
 * their refusals, the objector's confidentiality, 复核 out of its window, notifications in the
 * app and by mail (a real SMTP server of the test harness).
 */
import { randomUUID } from 'node:crypto';
import proto from '@temporalio/proto';
import { describe, expect, inject, it } from 'vitest';
import { deliverNotifications, queueDailyDigests } from '../../activities/mail.js';
import { formBody } from '../../scripts/dev/formBody.js';
import { setupApi } from '../support/api.js';
import { buildApplication } from '../support/builders.js';

const ctx = setupApi();
const as = (username: string) => ctx.api.as(username);
const q = (filter: object) => encodeURIComponent(JSON.stringify(filter));
const PDF = Buffer.from('%PDF-1.4\n% 异议书\n%%EOF\n');

/** A provincial-unit application approved by the Provincial Center: its admission list is published. */
async function published() {
  const data = buildApplication({ applicantKind: 'provincial_unit' });
  const { id, applicant } = await ctx.api.submittedCase(data);
  const task = (await as('province_reviewer').get(`/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body[0];
  const approved = await as('province_reviewer').post(`/api/tasks/${task.id}/complete`, {
    decision: 'approve',
    comment: '同意纳入',
  });
  expect(approved.body.status).toBe('public_notice');
  const board = await ctx.api.call('GET', `/api/public/notices?filter=${q({ q: data.orgName })}`);
  const notice = board.body.find((n: { items: { orgName: string }[] }) =>
    n.items.some((i) => i.orgName === data.orgName),
  );
  return { id, data, notice, applicant };
}
/** Posts an objection as a browser would, from a given address. */
async function object(
  noticeId: string,
  fields: Record<string, string>,
  letter: File | null = new File([PDF], '异议书.pdf'),
  from = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (letter) form.set('letter', letter);
  const res = await ctx.api.app.request(
    `/api/public/notices/${noticeId}/objections`,
    { method: 'POST', ...(await formBody(form)) },
    { incoming: { socket: { remoteAddress: from } } },
  );
  return {
    status: res.status,
    body: (await res.json()) as { id?: string; receiptNo?: string; message?: string; errors?: Record<string, string> },
  };
}
const person = (itemId: string) => ({
  kind: 'person',
  itemId,
  content: '该机构的服务团队与申报不符',
  phone: '13912345678',
  email: 'wang.wu@example.cn',
  realName: '王五',
});

describe('公示 through the API', () => {
  it('shows the public board without a token, with only what the published list says', async () => {
    const { id, data, notice } = await published();
    expect(notice).toMatchObject({
      kind: 'admission',
      status: 'open',
      version: 1,
      title: expect.stringContaining('公示'),
    });
    expect(notice.items).toEqual([
      {
        id,
        orgName: data.orgName,
        city: '广州',
        system: 'tech_service',
        category: 'comprehensive',
        result: '拟纳入分中心管理序列',
      },
    ]);
    expect(notice.howToObject).toContain('真实姓名');
    expect((await ctx.api.call('GET', `/api/public/notices/${notice.id}`)).body.id).toBe(notice.id);
    expect((await ctx.api.call('GET', '/api/public/notices/no-such')).status).toBe(404);
  });

  it('refuses anonymous, unsealed and unsigned objections naming the field, and files that are not scans', async () => {
    const { id, notice } = await published();
    const anonymous = await object(notice.id, { ...person(id), realName: '' });
    expect(anonymous.status).toBe(422);
    expect(anonymous.body.errors).toHaveProperty('realName');
    const unsealed = await object(notice.id, {
      kind: 'organization',
      itemId: id,
      content: '异议',
      phone: '020-88886666',
      orgName: '某某公司',
      contactPerson: '赵六',
    });
    expect(unsealed.status).toBe(422);
    expect(unsealed.body.errors).toHaveProperty('letter');
    const nul = await object(notice.id, { ...person(id), content: '异议\u0000内容' });
    expect(nul.status).toBe(422);
    expect(nul.body.errors).toHaveProperty('content');
    const unsigned = await object(notice.id, person(id), null);
    expect(unsigned.body.errors).toHaveProperty('letter');
    // every problem at once: the person's name with the empty fields and the missing letter
    const empty = await object(notice.id, { kind: 'person', itemId: id, content: '', phone: '' }, null);
    expect(Object.keys(empty.body.errors ?? {}).sort()).toEqual(['content', 'letter', 'phone', 'realName']);
    const renamed = await object(
      notice.id,
      person(id),
      new File([Buffer.from('MZ\x90\x00 not a scan')], '异议书.pdf', { type: 'application/pdf' }),
    );
    expect(renamed.status).toBe(422);
    expect(renamed.body.errors?.letter).toContain('PDF');
    // nothing was stored
    expect((await as('province_reviewer').get(`/api/objections?filter=${q({ noticeId: notice.id })}`)).body).toEqual(
      [],
    );
  });

  it('accepts a written objection, keeps the objector confidential from the organisation, and tells the objector the outcome by mail', async () => {
    const { id, notice, applicant } = await published();
    const sealed = await object(notice.id, {
      kind: 'organization',
      itemId: id,
      content: '场地系临时租用',
      phone: '020-88886666',
      orgName: '某某科技公司',
      contactPerson: '赵六',
      sealed: 'true',
    });
    expect(sealed.status).toBe(201);
    const filed = await object(notice.id, person(id));
    expect(filed.status).toBe(201);
    // the objector keeps a receipt number, which names the 核查 task too
    expect(filed.body.receiptNo).toMatch(/^[0-9A-F]{10}$/);
    expect(filed.body.message).toContain(filed.body.receiptNo);
    // the organisation concerned sees neither name, phone nor address anywhere it can look
    const seen = JSON.stringify([
      (await applicant.get(`/api/applications/${id}`)).body,
      (await applicant.get(`/api/applications/${id}/history`)).body,
      (await applicant.get('/api/notifications')).body,
      (await ctx.api.call('GET', `/api/public/notices/${notice.id}`)).body,
    ]);
    expect(seen).toContain(id); // the bodies were read, not refused
    for (const secret of ['王五', '13912345678', 'wang.wu', '某某科技公司', '赵六']) expect(seen).not.toContain(secret);
    expect((await applicant.get('/api/objections')).status).toBe(403);
    const handled = (await as('province_reviewer').get(`/api/objections?filter=${q({ noticeId: notice.id })}`)).body;
    expect(
      handled.map((o: { realName: string | null; orgName: string | null }) => o.realName ?? o.orgName).sort(),
    ).toEqual(['某某科技公司', '王五']);
    expect(handled[0].files).toEqual([expect.objectContaining({ role: 'letter', filename: '异议书.pdf' })]);
    // the list says what each objects to, on which list, and which case and task check it
    expect(handled.map((o: { subject: string }) => o.subject)).toEqual([
      notice.items[0].orgName,
      notice.items[0].orgName,
    ]);
    expect(handled[0]).toMatchObject({ caseType: 'admission', caseId: id, noticeTitle: notice.title });
    expect(handled.every((o: { taskId: string | null }) => o.taskId)).toBe(true);

    // 核查: dismissed with reasons; the objector is told by mail
    const tasks = (
      await as('province_reviewer').get(
        `/api/tasks?filter=${q({ caseId: id, status: 'open', step: 'objection_check' })}`,
      )
    ).body;
    expect(tasks).toHaveLength(2);
    // each 核查 is named by its objection, and holds it: text, letter, objector (for those who check)
    const mine = tasks.find((t: { title: string }) => t.title.endsWith(filed.body.receiptNo!));
    const detail = (await as('province_reviewer').get(`/api/tasks/${mine.id}`)).body;
    expect(detail.checks).toMatchObject({
      kind: 'objection',
      receiptNo: filed.body.receiptNo,
      objector: { realName: '王五', phone: '13912345678' },
      files: [expect.objectContaining({ role: 'letter', filename: '异议书.pdf' })],
    });
    // upheld, the engine offers the list's results in words, never a code to type
    const complete = detail.actions.find((a: { action: string }) => a.action === 'complete');
    const code = complete.fields.find((f: { name: string }) => f.name === 'payload.code');
    expect(code.options.map((o: { label: { zh: string } }) => o.label.zh)).toEqual(['拟纳入分中心管理序列']);
    for (const t of tasks)
      expect(
        (
          await as('province_reviewer').post(`/api/tasks/${t.id}/complete`, {
            decision: 'reject',
            comment: '经核查，异议不成立',
          })
        ).status,
      ).toBe(200);
    await expect
      .poll(
        async () =>
          (
            await ctx.stack.db
              .selectFrom('mailbox')
              .select('text')
              .where('rcpt_to', '=', 'wang.wu@example.cn')
              .execute()
          )
            .map((m) => m.text)
            .join(),
        { timeout: 15_000 },
      )
      .toContain('异议不成立');
    // and the reviewers were mailed their 核查 task
    const reviewerMail = await ctx.stack.db
      .selectFrom('mailbox')
      .select('subject')
      .where('rcpt_to', '=', 'province_reviewer@kejin.local')
      .execute();
    expect(reviewerMail.some((m) => m.subject.includes('异议核查'))).toBe(true);
  });

  it("keeps the objector's identity and the opinions sealed in Temporal's store, opened through the codec endpoint for an auditor only", async () => {
    const { id, notice } = await published();
    expect((await object(notice.id, person(id))).status).toBe(201);
    const { workflow_id: workflowId } = await ctx.stack.db
      .selectFrom('tasks')
      .select('workflow_id')
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    // the history as the Temporal server gives it to anyone who can reach it (its UI, its CLI)
    const raw = await ctx.stack.connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
    });
    const stored = Buffer.from(
      proto.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(raw).finish(),
    );
    const events = raw.history?.events ?? [];
    expect(events.length).toBeGreaterThan(10);
    for (const secret of ['王五', '13912345678', 'wang.wu@example.cn', '该机构的服务团队与申报不符', '同意纳入'])
      expect(stored.includes(Buffer.from(secret))).toBe(false);
    // the objection's Update, as the codec server protocol carries it
    const filed = events.find(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'fileObjection',
    )!.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads!;
    const wire = {
      payloads: filed.map((p) => ({
        metadata: Object.fromEntries(
          Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(p.data ?? []).toString('base64'),
      })),
    };
    expect(Buffer.from(wire.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect((await as('province_reviewer').post('/api/temporal-codec/decode', wire)).status).toBe(403);
    const opened = await as('auditor').post('/api/temporal-codec/decode', wire);
    expect(opened.status).toBe(200);
    const [args] = opened.body.payloads.map((p: { data: string }) =>
      JSON.parse(Buffer.from(p.data, 'base64').toString()),
    );
    expect(JSON.stringify(args)).toContain('王五');
    // and it is in the operation log, in words
    const log = (await as('auditor').get(`/api/operation-log?filter=${q({ username: 'auditor' })}`)).body;
    expect(log[0].what.zh).toBe('解密读取流程引擎中的记录');
  });

  it('refuses an objection after the period (409) and more than five an hour from one address (429)', async () => {
    const { id, notice, applicant } = await published();
    const from = `10.77.${Math.floor(Math.random() * 250)}.1`;
    for (let i = 0; i < 5; i++) expect((await object(notice.id, person(id), undefined, from)).status).toBe(201);
    expect((await object(notice.id, person(id), undefined, from)).status).toBe(429);
    await ctx.stack.db
      .updateTable('notices')
      .set({ ends_at: new Date(Date.now() - 60_000) })
      .where('id', '=', notice.id)
      .execute();
    expect((await object(notice.id, person(id))).status).toBe(409);
    // 复核 is for after the notice, within 5 working days
    const review = await applicant.post(`/api/notices/${notice.id}/reviews`, {
      itemId: id,
      content: '请求复核',
      reasons: '理由',
    });
    expect(review.status).toBe(409);
  });

  it('lists my notifications, unread first counted, and marks them read', async () => {
    const { applicant } = await published();
    const unread = await applicant.get(`/api/notifications?filter=${q({ unread: true })}`);
    expect(unread.status).toBe(200);
    const total = Number(unread.headers.get('Content-Range')!.split('/')[1]);
    expect(total).toBeGreaterThan(0);
    expect(unread.body.some((n: { message: string }) => n.message.includes('公示'))).toBe(true);
    expect((await applicant.post(`/api/notifications/${unread.body[0].id}/read`)).status).toBe(200);
    expect((await as('applicant2').post(`/api/notifications/${unread.body[0].id}/read`)).status).toBe(404);
    const after = await applicant.get(`/api/notifications?filter=${q({ unread: true })}`);
    expect(Number(after.headers.get('Content-Range')!.split('/')[1])).toBe(total - 1);
    await applicant.post('/api/notifications/read-all');
    expect((await applicant.get(`/api/notifications?filter=${q({ unread: true })}`)).body).toEqual([]);
  });

  it('mails a notification once, also when the send is retried after its record was lost', async () => {
    const key = `test-mail-${randomUUID()}`;
    const admin = await ctx.stack.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    await ctx.stack.db
      .insertInto('notifications')
      .values({
        entry_key: key,
        recipient_user: admin.id,
        kind: 'test',
        case_type: 'test',
        case_id: key,
        message: `测试邮件 ${key}`,
        created_at: new Date(),
      })
      .execute();
    await expect
      .poll(
        async () =>
          (
            await ctx.stack.db
              .selectFrom('notifications')
              .select('sent_at')
              .where('entry_key', '=', key)
              .executeTakeFirstOrThrow()
          ).sent_at,
        { timeout: 15_000 },
      )
      .not.toBeNull();
    // the SMTP server took it but the worker died before recording it: the retry sends the same message
    await ctx.stack.db.updateTable('notifications').set({ sent_at: null }).where('entry_key', '=', key).execute();
    await deliverNotifications(ctx.stack.db, inject('smtpUrl'));
    const mails = await ctx.stack.db
      .selectFrom('mailbox')
      .select(['rcpt_to', 'text'])
      .where('text', 'like', `%${key}%`)
      .execute();
    expect(mails).toEqual([expect.objectContaining({ rcpt_to: 'admin@kejin.local' })]);
    const row = await ctx.stack.db
      .selectFrom('notifications')
      .select(['attempts', 'sent_at'])
      .where('entry_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(2);
    expect(row.sent_at).not.toBeNull();
  });

  it('queues one daily digest per user with overdue or soon-due tasks, once a day', async () => {
    // a 广州 task overdue since yesterday
    const { id } = await ctx.api.submittedCase();
    await ctx.stack.db
      .updateTable('tasks')
      .set({ due_at: new Date(Date.now() - 86_400_000) })
      .where('case_id', '=', id)
      .execute();
    const day = `test-${randomUUID().slice(0, 8)}`;
    expect(await queueDailyDigests(ctx.stack.db, day)).toBeGreaterThan(0);
    await queueDailyDigests(ctx.stack.db, day);
    const gz = await ctx.stack.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'gz_reviewer')
      .executeTakeFirstOrThrow();
    const digests = await ctx.stack.db
      .selectFrom('notifications')
      .select('message')
      .where('kind', '=', 'digest')
      .where('case_id', '=', day)
      .where('recipient_user', '=', gz.id)
      .execute();
    expect(digests).toHaveLength(1);
    expect(digests[0]!.message).toMatch(/已超期 [1-9]/);
  });
});

describe('the public board pages like every list', () => {
  it('reaches every one of 230 open notices by paging, none hidden by a cap', async () => {
    const series = `分页测试-${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    await ctx.stack.db
      .insertInto('notices')
      .values(
        Array.from({ length: 230 }, (_, i) => ({
          id: randomUUID(),
          series_id: randomUUID(),
          version: 1,
          kind: 'admission',
          title: `${series} 第 ${i + 1} 号`,
          status: 'open',
          case_type: 'application',
          case_id: randomUUID(),
          workflow_id: `paging-${randomUUID()}`,
          starts_at: new Date(now - i * 60_000),
          ends_at: new Date(now + 5 * 86_400_000),
          review_until: null,
          how_to_object: '书面提出',
          items: JSON.stringify([]),
          updated_at: new Date(now),
        })),
      )
      .execute();
    const seen = new Set<string>();
    for (let start = 0; start < 300; start += 50) {
      const page = await ctx.api.call(
        'GET',
        `/api/public/notices?filter=${q({ q: series })}&range=${q([start, start + 49])}`,
      );
      expect(page.status).toBe(200);
      expect(page.headers.get('Content-Range')).toMatch(/\/230$/);
      for (const n of page.body as { id: string }[]) seen.add(n.id);
    }
    expect(seen.size).toBe(230);
    const bad = await ctx.api.call('GET', `/api/public/notices?range=${q([10, 0])}`);
    expect(bad.status).toBe(422);
  });
});
