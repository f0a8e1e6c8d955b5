/** Lists answer a page and its total in one query; totals are exact up to 1,000 (then 1001, not exact). */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupApi } from '../support/api.js';

const ctx = setupApi();

describe('a list’s page and total', () => {
  it('counts exactly up to 1,000, says when it stopped counting, and counts a page past the end', async () => {
    const username = `lister_${Date.now()}`;
    const created = await ctx.api
      .as('admin')
      .post('/api/users', { username, password: 'A-long-passw0rd', displayName: '列表测试', roles: ['expert'] });
    expect(created.status).toBe(201);
    ctx.api.usePassword(username, 'A-long-passw0rd');
    const notify = (n: number) =>
      sql`insert into notifications (entry_key, recipient_user, kind, case_type, case_id, message, created_at)
          select ${randomUUID()} || '-' || i, ${created.body.id}, 'task.opened', 'admission', 'case-' || i,
                 '通知 ' || i, now() - make_interval(secs => i)
            from generate_series(1, ${n}) i`.execute(ctx.stack.db);
    const page = async (range: string) => {
      const res = await ctx.api.as(username).get(`/api/notifications?range=${encodeURIComponent(range)}`);
      expect(res.status).toBe(200);
      return { range: res.headers.get('Content-Range'), exact: res.headers.get('X-Total-Exact'), rows: res.body };
    };

    await notify(5);
    expect(await page('[0,2]')).toMatchObject({ range: 'notifications 0-2/5', exact: null });
    expect((await page('[0,2]')).rows.map((r: { message: string }) => r.message)).toEqual([
      '通知 1',
      '通知 2',
      '通知 3',
    ]);
    expect(await page('[10,19]')).toMatchObject({ range: 'notifications */5', rows: [] });

    await notify(1000);
    expect(await page('[0,9]')).toMatchObject({ range: 'notifications 0-9/1001', exact: 'false' });
    expect(await page('[2000,2009]')).toMatchObject({ range: 'notifications */1001', exact: 'false' });
    // a row answers its own fields, not the total it was read with
    expect(Object.keys((await page('[0,0]')).rows[0])).not.toContain('kejin_list_total');
  });

  it('refuses a bad sort, filter or range with 422 naming the parameter, in Chinese first', async () => {
    const get = (query: string) => ctx.api.as('province_reviewer').get(`/api/tasks?${query}`);
    const cases = [
      [`sort=${encodeURIComponent('["nope","ASC"]')}`, 'sort'],
      [`filter=${encodeURIComponent('{"nope":1}')}`, 'filter'],
      [`range=${encodeURIComponent('[10,2]')}`, 'range'],
      ['range=not-json', 'range'],
    ] as const;
    for (const [query, field] of cases) {
      const res = await get(query);
      expect(res.status, query).toBe(422);
      expect(res.body.errors[field], query).toMatch(/\p{Script=Han}/u);
    }
  });

  it('lets a page of another origin read a list, its total and an error (CORS), after a preflight', async () => {
    const origin = { Origin: 'https://office.example' };
    const preflight = await ctx.api.app.request('/api/tasks', {
      method: 'OPTIONS',
      headers: { ...origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toMatch(/Authorization/);
    for (const [path, status] of [
      ['/api/tasks?range=[0,4]', 200],
      ['/api/tasks?range=[4,0]', 422],
    ] as const) {
      const res = await ctx.api.call('GET', path, { as: 'province_reviewer', headers: origin });
      expect(res.status, path).toBe(status);
      expect(res.headers.get('Access-Control-Allow-Origin'), path).toBe('*');
      expect(res.headers.get('Access-Control-Expose-Headers'), path).toMatch(/Content-Range/);
    }
  });
});
