/**
 * A step that cannot be recorded is an incident, not a silent retry loop (issue 11): a data
 * error stops the case at once, administrators and auditors see it with its error, and an
 * administrator's 重试 — after the cause is mended — lets the decision land exactly once.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupApi } from '../support/api.js';

const ctx = setupApi();
const as = (username: string) => ctx.api.as(username);
const q = (filter: object) => encodeURIComponent(JSON.stringify(filter));
const poll = async <T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe('incidents', () => {
  it('a decision that cannot be written waits as an incident and lands once after 重试', async () => {
    const { id, applicant } = await ctx.api.submittedCase();
    const [task] = (await as('gz_reviewer').get(`/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body;
    expect(task).toBeDefined();

    // a rule of the database the decision breaks: no retry can mend it, only an administrator
    const marker = `故障演练 ${randomUUID()}`;
    const constraint = sql.id(`incident_drill_${randomUUID().replaceAll('-', '')}`);
    await sql`alter table tasks add constraint ${constraint} check (comment is distinct from ${sql.lit(marker)}) not valid`.execute(
      ctx.stack.db,
    );
    let dropped = false;
    const drop = async () => {
      if (dropped) return;
      dropped = true;
      await sql`alter table tasks drop constraint ${constraint}`.execute(ctx.stack.db);
    };
    try {
      const decision = as('gz_reviewer').post(`/api/tasks/${task.id}/complete`, {
        decision: 'approve',
        comment: marker,
      });
      const mine = () => as('admin').get(`/api/incidents?filter=${q({ caseId: id })}`);
      const opened = await poll(mine, (r) => r.body.length > 0);
      expect(opened.status).toBe(200);
      expect(opened.body).toHaveLength(1);
      const incident = opened.body[0];
      expect(incident).toMatchObject({
        workflowType: 'admission',
        caseType: 'admission',
        activity: 'recordCaseChange',
        errorType: 'DataError',
        status: 'open',
        failures: 1,
      });
      expect(incident.error).toContain('check constraint');

      // the case stands where it was: the task open, nothing recorded of the decision
      expect((await as('gz_reviewer').get(`/api/tasks/${task.id}`)).body.status).toBe('open');
      expect((await applicant.get(`/api/applications/${id}`)).body.status).toBe('municipal_review');

      // who may see and act
      expect((await as('auditor').get(`/api/incidents/${incident.id}`)).status).toBe(200);
      expect((await as('auditor').post(`/api/incidents/${incident.id}/retry`)).status).toBe(403);
      expect((await as('gz_reviewer').get('/api/incidents')).status).toBe(403);
      expect((await as('admin').post(`/api/incidents/${randomUUID()}/retry`)).status).toBe(404);
      expect((await as('admin').post('/api/incidents/not-an-id/retry')).status).toBe(422);

      // a retry before the cause is mended fails again, under the same incident
      const early = await as('admin').post(`/api/incidents/${incident.id}/retry`);
      expect(early.status).toBe(202);
      expect(early.body.status).toBe('retrying');
      expect((await as('admin').post(`/api/incidents/${incident.id}/retry`)).status).toBe(409);
      const again = await poll(
        () => as('admin').get(`/api/incidents/${incident.id}`),
        (r) => r.body.failures === 2 && r.body.status === 'open',
      );
      expect(again.body).toMatchObject({ failures: 2, status: 'open', retryRequestedBy: '系统管理员' });

      await drop();
      expect((await as('admin').post(`/api/incidents/${incident.id}/retry`)).status).toBe(202);
      const resolved = await poll(
        () => as('admin').get(`/api/incidents/${incident.id}`),
        (r) => r.body.status === 'resolved',
      );
      expect(resolved.body.status).toBe('resolved');
      expect(resolved.body.resolvedAt).not.toBeNull();
      // the reviewer's request, waiting all along, answers with the decision's result
      const answered = await decision;
      expect(answered.status).toBe(200);
      expect(answered.body.status).toBe('provincial_review');

      const app = await poll(
        () => applicant.get(`/api/applications/${id}`),
        (r) => r.body.status === 'provincial_review',
      );
      expect(app.body.status).toBe('provincial_review');
      const history = await as('admin').get(`/api/applications/${id}/history`);
      const decided = (history.body.audit as { action: string; comment: string | null }[]).filter(
        (e) => e.comment === marker,
      );
      expect(decided).toHaveLength(1);
      expect((await as('admin').post(`/api/incidents/${incident.id}/retry`)).status).toBe(409);
      expect((await as('admin').get(`/api/incidents?filter=${q({ caseId: id, unresolved: true })}`)).body).toHaveLength(
        0,
      );
    } finally {
      await drop();
    }
  });
});
