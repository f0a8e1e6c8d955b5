/**
 * The operation log (issue 11, 等保三级 安全审计): sign-ins, sign-outs, prints, administrative
 * changes and refusals are written, auditors search them, nobody changes them, and the retention
 * job removes only what is older than 180 days.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { setupApi } from '../support/api.js';

const ctx = setupApi();
const q = (filter: object) => encodeURIComponent(JSON.stringify(filter));

describe('the operation log', () => {
  it('records sign-ins, refusals, prints, administrative changes and sign-outs, for auditors to search', async () => {
    const username = `oplog_${randomUUID().slice(0, 8)}`;
    const password = 'Oplog-passw0rd-1';
    const created = await ctx.api
      .as('admin')
      .post('/api/users', { username, password, displayName: '日志测试', roles: ['expert'] });
    expect(created.status).toBe(201);
    expect(
      (await ctx.api.call('POST', '/api/auth/login', { body: { username, password: 'wrong-password' } })).status,
    ).toBe(401);
    ctx.api.usePassword(username, password);
    expect((await ctx.api.as(username).get('/api/users')).status).toBe(403);
    expect((await ctx.api.as(username).post('/api/auth/logout')).status).toBe(204);

    const { id, applicant } = await ctx.api.submittedCase();
    const sheet = await applicant.get(`/api/applications/${id}/approval-sheet.pdf`);
    expect(sheet.status).toBe(200);

    const mine = await ctx.api.as('auditor').get(`/api/operation-log?filter=${q({ username })}&sort=["id","ASC"]`);
    expect(mine.status).toBe(200);
    expect(mine.body.map((e: { action: string; status: number }) => [e.action, e.status])).toEqual([
      ['login.failed', 401],
      ['login.succeeded', 200],
      ['request.refused', 403],
      ['logout', 204],
    ]);
    expect(mine.body[2]).toMatchObject({ method: 'GET', path: '/api/users', source: 'local' });
    // in words: who by name, what to which case or user, no path or code
    expect(mine.body.map((e: { actorName: string }) => e.actorName)).toEqual([
      '日志测试',
      '日志测试',
      '日志测试',
      '日志测试',
    ]);
    expect(mine.body[2].what).toEqual({ zh: '无权操作：查看用户', en: 'Not allowed: read user' });

    const printed = await ctx.api
      .as('auditor')
      .get(`/api/operation-log?filter=${q({ username: applicant.username, action: 'sheet.printed' })}`);
    expect(printed.body.map((e: { path: string }) => e.path)).toContain(`/api/applications/${id}/approval-sheet.pdf`);
    const orgName = (await applicant.get(`/api/applications/${id}`)).body.orgName;
    expect(printed.body[0].what.zh).toBe(`打印申报「${orgName}」的审批单`);
    // reading the network's figures on the dashboard is not an export
    await ctx.api.as('auditor').get('/api/stats/annex-a');
    expect(
      (
        await ctx.api
          .as('auditor')
          .get(`/api/operation-log?filter=${q({ username: 'auditor', action: 'list.exported' })}`)
      ).body,
    ).toEqual([]);
    // reading a list as an export (the console's 导出) is: the list and its size, its first page only
    const range = (start: number) => `range=${encodeURIComponent(JSON.stringify([start, start + 499]))}`;
    const reviewer = await ctx.api.freshUser(['provincial_reviewer']);
    for (const start of [0, 500])
      await ctx.api.call('GET', `/api/applications?${range(start)}`, {
        as: reviewer,
        headers: { 'X-Kejin-Export': '1' },
      });
    const exported = (
      await ctx.api.as('auditor').get(`/api/operation-log?filter=${q({ username: reviewer, action: 'list.exported' })}`)
    ).body as { what: { zh: string } }[];
    expect(exported).toHaveLength(1);
    expect(exported[0]!.what.zh).toMatch(/^导出申报（\d+ 行，Excel）$/);
    const admin = await ctx.api.as('auditor').get(`/api/operation-log?filter=${q({ username: 'admin' })}`);
    expect(
      admin.body.some((e: { action: string; path: string }) => e.action === 'admin.changed' && e.path === '/api/users'),
    ).toBe(true);
    // only auditors search it, and the refusal is itself in the log
    expect((await ctx.api.as('admin').get('/api/operation-log')).status).toBe(403);
    expect((await ctx.api.as('security').get('/api/operation-log')).status).toBe(403);
  });

  it('keeps 180 days: the retention job removes older rows only, and no row can be changed', async () => {
    const marker = `test.retention.${randomUUID()}`;
    const row = (daysAgo: number) => ({
      at: sql<Date>`now() - ${`${daysAgo} days`}::interval`,
      action: marker,
      method: 'GET',
      path: `/aged/${daysAgo}`,
      status: 200,
      detail: JSON.stringify({}),
    });
    await ctx.stack.db
      .insertInto('operation_log')
      .values([row(200), row(179)] as never)
      .execute();
    const app = ctx.stack.appDb;
    const young = await app
      .selectFrom('operation_log')
      .select('id')
      .where('path', '=', '/aged/179')
      .where('action', '=', marker)
      .executeTakeFirstOrThrow();
    await expect(
      app.updateTable('operation_log').set({ status: 500 }).where('id', '=', young.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(app.deleteFrom('operation_log').where('id', '=', young.id).execute()).rejects.toThrow(/append-only/);
    expect(await createActivities({ db: app }).pruneOperationLog()).toBeGreaterThanOrEqual(1);
    const left = await app.selectFrom('operation_log').select('path').where('action', '=', marker).execute();
    expect(left.map((r) => r.path)).toEqual(['/aged/179']);
  });
});
