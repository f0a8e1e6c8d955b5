/** Saved views (视图) of the task center: own, shared with a role of one's own, archived by the owner only. */
import { describe, expect, it } from 'vitest';
import { setupApi } from '../support/api.js';

const ctx = setupApi();
const view = (name: string, extra: object = {}) => ({
  resource: 'tasks',
  name,
  filter: { status: 'open', assignee: 'none' },
  sort: { field: 'dueAt', order: 'ASC' },
  perPage: 50,
  ...extra,
});

describe('saved views', () => {
  it('keeps a view for its owner, shares one with colleagues of a role, and lets only the owner archive it', async () => {
    const owner = await ctx.api.freshUser(['municipal_reviewer'], '江门', '江门市科技局');
    const colleague = await ctx.api.freshUser(['municipal_reviewer'], '江门', '江门市科技局');
    const expert = await ctx.api.freshUser(['expert']);
    const mine = await ctx.api.as(owner).post('/api/users/me/views', view('我的未认领'));
    expect(mine.status).toBe(201);
    const shared = await ctx.api
      .as(owner)
      .post('/api/users/me/views', view('本市超期', { filter: { overdue: true }, sharedRole: 'municipal_reviewer' }));
    expect(shared.status).toBe(201);
    const names = async (who: string) =>
      ((await ctx.api.as(who).get('/api/users/me/views?resource=tasks')).body as { name: string; mine: boolean }[]).map(
        (v) => `${v.name}${v.mine ? '' : '（共享）'}`,
      );
    // (views other tests shared with the role are offered too: the owner's own come first)
    expect((await names(owner)).slice(0, 2)).toEqual(['我的未认领', '本市超期']);
    expect(await names(colleague)).toContain('本市超期（共享）');
    expect(await names(colleague)).not.toContain('我的未认领（共享）');
    expect(await names(expert)).not.toContain('本市超期（共享）');
    const offered = (await ctx.api.as(colleague).get('/api/users/me/views?resource=tasks')).body.find(
      (v: { name: string }) => v.name === '本市超期',
    );
    expect(offered).toMatchObject({ filter: { overdue: true }, sort: { field: 'dueAt', order: 'ASC' }, perPage: 50 });
    // the same name again, a role that is not mine, no name
    expect((await ctx.api.as(owner).post('/api/users/me/views', view('我的未认领'))).status).toBe(409);
    const notMine = await ctx.api.as(owner).post('/api/users/me/views', view('给专家', { sharedRole: 'expert' }));
    expect(notMine.status).toBe(422);
    expect(notMine.body.errors.sharedRole).toBe('只能共享给本人所任角色的同事');
    expect((await ctx.api.as(owner).post('/api/users/me/views', view(' '))).body.errors).toHaveProperty('name');
    // only its owner archives it; archived, it is offered to nobody (and kept)
    expect(
      (await ctx.api.call('POST', `/api/users/me/views/${shared.body.id}/archive`, { as: colleague })).status,
    ).toBe(404);
    expect((await ctx.api.call('POST', `/api/users/me/views/${shared.body.id}/archive`, { as: owner })).status).toBe(
      204,
    );
    expect(await names(colleague)).not.toContain('本市超期（共享）');
    expect((await names(owner)).filter((n) => !n.endsWith('（共享）'))).toEqual(['我的未认领']);
    // a name archived may be used again
    expect((await ctx.api.as(owner).post('/api/users/me/views', view('本市超期'))).status).toBe(201);
  });
});
