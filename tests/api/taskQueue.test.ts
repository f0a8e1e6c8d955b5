/**
 * The open queue read from its entries (migration 0026, what an inbox's first page reads) answers
 * what the queue's rules answer on the tasks themselves — organisation, 回避, one seat per person in
 * a panel and its first free seat, escalation to two roles, delegation, 代理 — as tasks are claimed,
 * decided, escalated and delegated; and the entries are what `task_queue_wanted` says they are.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ListQuery } from '../../api/listing.js';
import { queueEntriesList, taskListBase, taskListSpec } from '../../api/routes/tasks.js';
import { pageQueries } from '../../db/queries/pages.js';
import { openQueueCount, openQueuePage } from '../../db/queries/tasks.js';
import type { Actor } from '../../domain/roles.js';
import { setupApi } from '../support/api.js';

const ctx = setupApi();

// a case type, city and organisation of this file's own: nobody else's queue sees these tasks (a
// task a province-wide role may see belongs to the organisation)
const run = randomUUID().slice(0, 8);
const kind = `queue-test-${run}`;
const city = `测试市${run}`;
const org = `org-${run}`;
const person = (name: string, roles: Actor['roles'], where: { city?: string; org?: string } = {}): Actor => ({
  id: `${name}-${run}`,
  username: `${name}-${run}`,
  displayName: name,
  roles,
  city: where.city ?? null,
  organizationId: where.org ?? null,
});
const cityReviewer = person('city', ['municipal_reviewer'], { city, org });
const otherCityReviewer = person('other', ['municipal_reviewer'], { city: `${city}乙` });
const provincial = person('province', ['provincial_reviewer'], { org });
const both = person('both', ['municipal_reviewer', 'provincial_reviewer'], { city, org });
const expert1 = person('expert1', ['expert'], { org });
const expert2 = person('expert2', ['expert'], { org });
const applicant = person('applicant', ['applicant'], { org });
const outsider = person('outsider', ['applicant'], { org: `${org}-other` });
const finance = person('finance', ['finance'], { org });

const day = 86_400_000;
const now = Date.now();
const task = (id: string, over: Record<string, unknown>) => ({
  id: `${run}-${id}`,
  case_type: kind,
  case_id: `${run}-${id}`,
  workflow_id: `${kind}-${id}`,
  step_run: `${id}:1`,
  title: `队列测试 ${id}`,
  step: 'municipal_review',
  role: 'municipal_reviewer',
  candidate_roles: ['municipal_reviewer'],
  city,
  assignee: null,
  due_at: new Date(now + day),
  priority: 0,
  escalation_level: 0,
  status: 'open',
  created_at: new Date(),
  panel: false,
  ...over,
});

describe('the open queue from its entries', () => {
  it('answers as the queue’s rules do, page by page and in both orders, as tasks change', async () => {
    const db = ctx.stack.db;
    const seat = (n: number, assignee: string | null = null) =>
      task(`seat-${n}`, {
        workflow_id: `${kind}-panel`,
        step_run: 'panel:1',
        step: 'expert_review',
        role: 'expert',
        candidate_roles: ['expert'],
        city: null,
        organization_id: org,
        assignee,
        panel: true,
        due_at: new Date(now + 3 * day),
      });
    await db
      .insertInto('tasks')
      .values([
        task('plain', { organization_id: org }),
        // 紧急: first in the inbox, though due last
        task('urgent', { priority: 2, due_at: new Date(now + 5 * day) }),
        // 回避: the city reviewer stepped aside from it
        task('recused', { recused_by: [cityReviewer.username] }),
        task('conflicted', { conflict_city: city }),
        task('overdue', { due_at: new Date(now - day) }),
        task('claimed', { assignee: cityReviewer.username, due_at: new Date(now + 2 * day) }),
        task('escalated', {
          candidate_roles: ['municipal_reviewer', 'provincial_reviewer'],
          escalation_level: 1,
          organization_id: org,
        }),
        task('provincial', {
          step: 'provincial_review',
          role: 'provincial_reviewer',
          candidate_roles: ['provincial_reviewer'],
          city: null,
          organization_id: org,
        }),
        task('supplement', { role: 'applicant', candidate_roles: ['applicant'], city: null, organization_id: org }),
        task('delegated', {
          role: 'finance',
          candidate_roles: ['finance'],
          city: null,
          organization_id: org,
          assignee: finance.username,
          delegated_to: expert2.username,
        }),
        task('done', { status: 'done', completed_by: cityReviewer.username, completed_at: new Date() }),
        seat(1, expert1.username),
        seat(2),
        seat(3),
      ])
      .execute();

    /** One list both ways: from the entries (as the API answers it) and by the rules on the tasks. */
    const list = async (
      actors: Actor[],
      filter: Record<string, unknown>,
      order: 'ASC' | 'DESC',
      range: [number, number],
    ) => {
      const query: ListQuery = { filter: { status: 'open', caseType: kind, ...filter }, sort: ['dueAt', order], range };
      const entries = queueEntriesList(query);
      expect(entries, JSON.stringify(query)).not.toBeNull();
      const fast = await openQueuePage(db, actors, entries!.filter, entries!.page);
      const [actor, ...principals] = actors;
      const rules = pageQueries(taskListBase(db, actor!, principals, query), query, taskListSpec(actor!, query));
      const rows = (await rules.rows.execute()) as { id: string }[];
      const total = (await rules.capped.execute()).length;
      expect(
        { ids: fast.rows.map((r) => r.id), total: fast.total },
        JSON.stringify([actors.map((a) => a.displayName), query]),
      ).toEqual({
        ids: rows.map((r) => r.id),
        total,
      });
      return fast.rows.map((r) => r.id.slice(run.length + 1));
    };
    const everyone: Actor[][] = [
      [cityReviewer],
      [otherCityReviewer],
      [provincial],
      [both],
      [expert1],
      [expert2],
      [applicant],
      [outsider],
      [finance],
      [expert2, provincial], // 代理: expert2 stands in for the provincial reviewer
      [cityReviewer, both],
    ];
    const compareAll = async () => {
      for (const actors of everyone)
        for (const filter of [{}, { overdue: true }, { overdue: 'false' }, { assignee: 'none' }])
          for (const order of ['ASC', 'DESC'] as const)
            for (const range of [
              [0, 24],
              [1, 2],
              [30, 39],
            ] as [number, number][])
              await list(actors, filter, order, range);
    };
    const queue = (...actors: Actor[]) => list(actors, {}, 'ASC', [0, 24]);

    await compareAll();
    // what people see, soonest due first (the same due date: by id)
    expect(await queue(cityReviewer)).toEqual(['urgent', 'overdue', 'escalated', 'plain', 'claimed']);
    expect(await queue(otherCityReviewer)).toEqual([]);
    // the escalated task once, though both their roles may take it; the provincial one by 'role@*';
    // not the one a colleague holds (待办 lists what the reader may act on)
    expect(await queue(both)).toEqual(['urgent', 'overdue', 'escalated', 'plain', 'provincial', 'recused']);
    expect(await queue(provincial)).toEqual(['escalated', 'provincial']);
    expect(await queue(applicant)).toEqual(['supplement']);
    expect(await queue(outsider)).toEqual([]);
    expect(await queue(expert1)).toEqual(['seat-1']); // their seat, not another of the panel
    expect(await queue(expert2)).toEqual(['delegated', 'seat-2']); // the first free seat, not the one expert1 holds
    expect(await queue(finance)).toEqual(['delegated']);
    expect(await queue(expert2, provincial)).toEqual(['delegated', 'escalated', 'provincial', 'seat-2']);
    expect(await openQueueCount(db, [cityReviewer], { caseTypes: [kind] })).toBe(5);
    // 待办 searched by the case's title, its id, or a step's name in either language
    const search = async (actor: Actor, q: string) => {
      const query: ListQuery = {
        filter: { status: 'open', caseType: kind, q },
        sort: ['dueAt', 'ASC'],
        range: [0, 24],
      };
      expect(queueEntriesList(query)).toBeNull();
      const found = pageQueries(taskListBase(db, actor, [], query), query, taskListSpec(actor, query));
      return ((await found.rows.execute()) as { id: string }[]).map((r) => r.id.slice(run.length + 1));
    };
    expect(await search(both, 'plain')).toEqual(['plain']);
    expect(await search(both, `${run}-overdue`)).toEqual(['overdue']);
    expect(await search(both, '省级审核')).toEqual(['provincial']);
    expect(await search(both, 'Provincial review')).toEqual(['provincial']);
    expect(await search(both, '50%_')).toEqual([]);
    expect(await openQueueCount(db, [cityReviewer], { caseTypes: [kind], overdue: true })).toBe(1);

    // expert2 takes seat 2, expert1 decides seat 1, the plain task escalates, the claimed one is delegated
    const id = (name: string) => `${run}-${name}`;
    await db.updateTable('tasks').set({ assignee: expert2.username }).where('id', '=', id('seat-2')).execute();
    await db
      .updateTable('tasks')
      .set({ status: 'done', completed_by: expert1.username, completed_at: new Date() })
      .where('id', '=', id('seat-1'))
      .execute();
    await db
      .updateTable('tasks')
      .set({ candidate_roles: ['municipal_reviewer', 'provincial_reviewer'], escalation_level: 1 })
      .where('id', '=', id('plain'))
      .execute();
    await db.updateTable('tasks').set({ delegated_to: expert1.username }).where('id', '=', id('claimed')).execute();
    await compareAll();
    // delegated to them; not the seat expert2 holds, nor the free one of the panel they sat on
    expect(await queue(expert1)).toEqual(['claimed']);
    expect(await queue(expert2)).toEqual(['delegated', 'seat-2']);
    expect(await queue(person('expert3', ['expert'], { org }))).toEqual(['seat-3']);
    expect(await queue(provincial)).toEqual(['escalated', 'plain', 'provincial']);

    // the entries are what the view says, for every task in the database (one snapshot)
    const drift = await sql<{ task_id: string }>`
      (table task_queue except table task_queue_wanted) union all (table task_queue_wanted except table task_queue)`.execute(
      db,
    );
    expect(drift.rows).toEqual([]);
    // no workflow stands behind these rows: leave nobody's queue with them
    await db.updateTable('tasks').set({ status: 'cancelled' }).where('case_type', '=', kind).execute();
    expect(await queue(cityReviewer)).toEqual([]);
  });

  it('is the application’s to read, not to write', async () => {
    const write = sql`insert into task_queue (task_id, key, due_at, case_type, panel)
      select id, 'user:intruder', due_at, case_type, false from tasks limit 1`.execute(ctx.stack.appDb);
    await expect(write).rejects.toThrow(/permission denied/);
  });
});
