/**
 * The organisations registry (issue 11): accounts belong to registered organisations, a credit
 * code is registered to one organisation, and an application is for the applicant's own
 * registered code — nobody can hold another organisation's code hostage with a draft.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { registerOrganization } from '../../db/queries/users.js';
import { setupApi } from '../support/api.js';
import { buildApplication, uniqueCreditCode } from '../support/builders.js';
import { insertSubCenter } from '../support/evaluationDriver.js';

const ctx = setupApi();
const admin = () => ctx.api.as('admin');

/** A registered organisation with its credit code, and an applicant account of it. */
async function registeredApplicant() {
  const id = `org-${randomUUID().slice(0, 8)}`;
  const creditCode = uniqueCreditCode();
  const org = await admin().post('/api/organizations', { id, name: `登记测试机构 ${id}`, creditCode, city: '广州' });
  expect(org.status).toBe(201);
  expect(org.body).toMatchObject({ id, creditCode });
  const username = `app_${randomUUID().slice(0, 8)}`;
  const user = await admin().post('/api/users', {
    username,
    password: 'Registered-passw0rd',
    displayName: `登记测试机构 ${id}`,
    roles: ['applicant'],
    city: '广州',
    organizationId: id,
  });
  expect(user.status).toBe(201);
  ctx.api.usePassword(username, 'Registered-passw0rd');
  return { id, creditCode, username };
}

describe('the organisations registry', () => {
  it('binds applications to the organisation’s own credit code', async () => {
    const { creditCode, username } = await registeredApplicant();
    // the console fills the form from the applicant's own organisation
    const mine = await ctx.api.as(username).get('/api/organizations/mine');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ creditCode, city: '广州', applicationInProgress: null, subCenter: null });
    // another organisation's code: refused, naming the field
    const other = await ctx.api.as(username).post('/api/applications', buildApplication());
    expect(other.status).toBe(422);
    expect(other.body.errors.creditCode).toContain('须为本单位登记的统一社会信用代码');
    // nobody else can start one with this organisation's code
    const hostage = await ctx.api.as('applicant1').post('/api/applications', buildApplication({ creditCode }));
    expect(hostage.status).toBe(422);
    expect(hostage.body.errors.creditCode).toContain('须为本单位登记的统一社会信用代码');
    // its own code is accepted
    const own = await ctx.api.as(username).post('/api/applications', buildApplication({ creditCode }));
    expect(own.status).toBe(201);
    expect(own.body.creditCode).toBe(creditCode);
    const cases = await ctx.stack.db
      .selectFrom('applications')
      .select('id')
      .where('credit_code', '=', creditCode)
      .execute();
    expect(cases.map((c) => c.id)).toEqual([own.body.id]);
    // and the organisation learns what stands in the way of another one
    expect((await ctx.api.as(username).get('/api/organizations/mine')).body).toMatchObject({
      applicationInProgress: { id: own.body.id },
      subCenter: null,
    });
  });

  it('tells a sub-center it is one already, and refuses its application', async () => {
    const sc = await insertSubCenter(ctx.stack.db, {
      name: `已是分中心-${randomUUID().slice(0, 6)}`,
      admittedAt: '2025-01-06T09:00:00+08:00',
    });
    ctx.api.usePassword(sc.user.username, 'A-long-passw0rd');
    const mine = await ctx.api.as(sc.user.username).get('/api/organizations/mine');
    expect(mine.body).toMatchObject({ creditCode: sc.creditCode, subCenter: { id: sc.id } });
    const again = await ctx.api
      .as(sc.user.username)
      .post('/api/applications', buildApplication({ creditCode: sc.creditCode }));
    expect(again.status).toBe(409);
  });

  it('lets nobody apply for an organisation whose code is not registered yet', async () => {
    const id = `org-${randomUUID().slice(0, 8)}`;
    expect((await admin().post('/api/organizations', { id, name: `未登记代码机构 ${id}`, city: '广州' })).status).toBe(
      201,
    );
    const username = `app_${randomUUID().slice(0, 8)}`;
    const user = await admin().post('/api/users', {
      username,
      password: 'Registered-passw0rd',
      displayName: `未登记代码机构 ${id}`,
      roles: ['applicant'],
      city: '广州',
      organizationId: id,
    });
    expect(user.status).toBe(201);
    ctx.api.usePassword(username, 'Registered-passw0rd');
    // a code nobody has registered: still not theirs to take
    const data = buildApplication();
    const refused = await ctx.api.as(username).post('/api/applications', data);
    expect(refused.status).toBe(422);
    expect(refused.body.errors.creditCode).toContain('尚未登记统一社会信用代码');
    const reserved = await ctx.stack.db
      .selectFrom('applications')
      .select('id')
      .where('credit_code', '=', data.creditCode)
      .execute();
    expect(reserved).toEqual([]);
    // once the administrator registers the code, the organisation applies with it
    expect((await admin().put(`/api/organizations/${id}`, { creditCode: data.creditCode })).status).toBe(200);
    expect((await ctx.api.as(username).post('/api/applications', data)).status).toBe(201);
    // an account of no organisation has none to read
    expect((await ctx.api.as('gz_reviewer').get('/api/organizations/mine')).status).toBe(404);
  });

  it('seeds an organisation without a code that another organisation already holds, instead of failing', async () => {
    const { creditCode } = await registeredApplicant();
    const id = `org-${randomUUID().slice(0, 8)}`;
    await registerOrganization(ctx.stack.appDb, { id, name: '种子机构', city: null, creditCode });
    await registerOrganization(ctx.stack.appDb, { id, name: '种子机构', city: null, creditCode }); // again
    const row = await ctx.stack.db
      .selectFrom('organizations')
      .select('credit_code')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row).toEqual({ credit_code: null });
  });

  it('registers a code once, and refuses accounts of unregistered organisations', async () => {
    const { creditCode } = await registeredApplicant();
    const twice = await admin().post('/api/organizations', {
      id: `org-${randomUUID().slice(0, 8)}`,
      name: '重复登记',
      creditCode,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.errors.creditCode).toContain('已登记给其他机构');
    const unknown = await admin().post('/api/users', {
      username: `nobody_${randomUUID().slice(0, 8)}`,
      password: 'Registered-passw0rd',
      displayName: '无机构',
      roles: ['applicant'],
      organizationId: 'org-never-registered',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.organizationId).toContain('未登记的机构');
    expect((await ctx.api.as('applicant1').post('/api/organizations', { id: 'org-x', name: 'x' })).status).toBe(403);
    const listed = await admin().get(`/api/organizations?filter=${encodeURIComponent(JSON.stringify({ creditCode }))}`);
    expect(listed.body).toHaveLength(1);
  });
});
