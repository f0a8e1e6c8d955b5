/**
 * The approval engine's steps (workflows/approvalEngine.ts): opening a step's seats with their due
 * dates, 审批人为空, waiting for the outcome under the step's mode (会签 votes and their tally),
 * reminders and escalation at the due dates, and recording what each brings.
 */

import * as wf from '@temporalio/workflow';
import type { TaskClosing, TaskToOpen } from '../activities/caseChanges.js';
import { say } from '../domain/messages.js';
import type { Actor, Role } from '../domain/roles.js';
import { db } from './activities.js';
/** Marks histories written by the engine; runs recorded before it keep their old commands. */
import {
  ApprovalBoard,
  auditActor,
  closing,
  ENGINE_PATCH,
  now,
  type Seat,
  type StepOutcome,
  type StepRun,
  type StepSpec,
  type Vote,
  waitUntil,
} from './approvalBoard.js';
import type { TaskState } from './approvalUpdates.js';
import { SYSTEM_ACTOR } from './caseRecorder.js';
import { since } from './versions.js';

export abstract class ApprovalSteps extends ApprovalBoard {
  // ── opening steps

  /**
   * Opens a step: resolves its seats, computes due dates in working days, applies `whenNobody`,
   * and returns the task rows for the process to write with the change that leads to the step.
   */
  async open(spec: StepSpec): Promise<{ run: StepRun; toOpen: TaskToOpen[] }> {
    const { config } = spec;
    const seats: Seat[] =
      'users' in config.reviewers
        ? config.reviewers.users.map((username) => ({
            role: (config.reviewers as { role: Role }).role,
            city: null,
            username,
          }))
        : Array.from({ length: config.reviewers.count }, () => ({
            role: (config.reviewers as { role: Role }).role,
            city: (config.reviewers as { cityScoped: boolean }).cityScoped ? spec.city : null,
          }));
    let settle: (o: StepOutcome) => void = () => {};
    const done = new Promise<StepOutcome>((resolve) => {
      settle = resolve;
    });
    const run: StepRun = {
      no: this.runs.length + 1,
      spec,
      taskIds: [],
      queue: [],
      votes: [],
      outcome: null,
      settle,
      done,
    };
    this.runs.push(run);
    const first = config.mode === 'sequence' ? seats.slice(0, 1) : seats;
    run.queue = config.mode === 'sequence' ? seats.slice(1) : [];
    return { run, toOpen: await this.openSeats(run, first) };
  }

  /** Creates the tasks of some seats of a run (planning deadlines and holders in one activity). */
  protected async openSeats(run: StepRun, seats: Seat[], addedBy: string | null = null): Promise<TaskToOpen[]> {
    const { spec } = run;
    const panel = run.taskIds.length + seats.length + run.queue.length > 1;
    const { workingDays, escalateAfterWorkingDays: esc } = spec.config;
    const from = spec.dueAt ?? now();
    const days = spec.dueAt ? [esc] : [workingDays, workingDays + esc];
    let plan: { deadlines: string[]; holders: number[]; users: (Actor | null)[] };
    if (since(ENGINE_PATCH)) {
      plan = await db().planTasks({
        from,
        days,
        seats: seats.map((s) => ({
          role: s.role,
          city: s.city,
          organizationId: spec.organizationId ?? null,
          conflict: spec.conflict ?? null,
          username: s.user?.username ?? s.username ?? null,
        })),
      });
    } else {
      // Cases started before the engine: one deadline activity per task, as they were recorded.
      const deadlines = [];
      for (const _ of seats) deadlines.push(await db().computeDeadlines(from, days));
      plan = { deadlines: deadlines[0] ?? [], holders: seats.map(() => 1), users: seats.map(() => null) };
    }
    const [dueAt, escalateAt] = spec.dueAt
      ? [spec.dueAt, plan.deadlines[0]!]
      : [plan.deadlines[0]!, plan.deadlines[1]!];
    return seats.map((seat, i) => {
      const user = seat.user ?? plan.users[i] ?? null;
      const named = Boolean(seat.user ?? seat.username);
      const nobody = named ? !user : plan.holders[i] === 0;
      const task: TaskState = {
        id: wf.uuid4(),
        step: spec.step,
        role: seat.role,
        candidateRoles: named ? [] : [seat.role],
        city: seat.city,
        organizationId: spec.organizationId ?? null,
        conflict: spec.conflict ?? null,
        assignee: named ? (user?.username ?? seat.username ?? null) : null,
        dueAt,
        escalateAt,
        supervisorRole: spec.config.supervisorRole,
        escalationLevel: 0,
        settled: false,
        named,
        addedBy,
        run: run.no,
      };
      if (nobody) this.whenNobody(task, run);
      this.tasks.set(task.id, task);
      run.taskIds.push(task.id);
      return {
        id: task.id,
        title: spec.title,
        step: spec.step,
        role: seat.role,
        city: task.city,
        organizationId: task.organizationId,
        dueAt: task.dueAt,
        priority: spec.priority ?? 0,
        candidateRoles: task.candidateRoles,
        assignee: task.assignee,
        conflictCity: task.conflict?.city ?? null,
        conflictOrganizationId: task.conflict?.organizationId ?? null,
        addedBy,
        stepRun: `${spec.step}#${run.no}`,
        panel,
        ...(spec.party && { party: spec.party }),
      };
    });
  }

  /** 审批人为空: nobody active can hold the task. */
  protected whenNobody(task: TaskState, run: StepRun) {
    const rule = run.spec.config.whenNobody;
    task.named = false;
    task.assignee = null;
    if (rule === 'autoApprove') {
      task.completion = {
        actor: { id: 'system', username: 'system', displayName: '系统', roles: [], city: null, organizationId: null },
        decision: { decision: 'approve', comment: say('nobodyToActApprovedBy') },
      };
    } else {
      task.candidateRoles = [rule === 'admin' ? 'admin' : task.supervisorRole];
      task.escalationLevel = 2;
    }
  }

  // ── waiting for the outcome

  /** Waits for the step's outcome under its mode (see the recording rule above). */
  async outcome(run: StepRun): Promise<StepOutcome> {
    for (const id of run.taskIds) {
      const task = this.tasks.get(id)!;
      if (!task.settled) void this.watch(run, task);
    }
    return run.done;
  }

  protected conclude(run: StepRun, outcome: StepOutcome) {
    if (run.outcome) return;
    run.outcome = outcome;
    run.settle(outcome);
  }

  /** Nobody has acted on the step yet: no task claimed, named or decided (a 撤回 is still possible). */
  untouched(run: StepRun) {
    return (
      run.outcome === null &&
      run.taskIds.every((id) => {
        const t = this.tasks.get(id)!;
        return t.assignee === null && t.completion === undefined && !t.named;
      })
    );
  }

  /** Writes the process's closing of a step's tasks as settled, releasing the Updates that wait on them. */
  finish(outcome: StepOutcome) {
    if (outcome.kind === 'decided') outcome.task.settled = true;
    for (const v of outcome.votes) this.tasks.get(v.taskId)!.settled = true;
    for (const c of outcome.closing) {
      const task = this.tasks.get(c.id);
      if (task) task.settled = true;
    }
  }

  /** One task: a reminder at the due date, then the supervisor role joins at the escalation date. */
  protected async watch(run: StepRun, task: TaskState) {
    const abandon = run.spec.abandon ?? (() => false);
    for (;;) {
      const next = task.escalationLevel === 0 ? task.dueAt : task.escalationLevel === 1 ? task.escalateAt : null;
      const done = () => task.completion !== undefined || task.settled || abandon() || run.outcome !== null;
      const inTime = await waitUntil(done, next);
      if (run.outcome || (task.settled && !task.completion)) return;
      if (task.completion) return this.vote(run, task);
      if (inTime) return this.end(run, 'abandoned');
      if (run.spec.expireAtDue) return this.end(run, 'expired');
      await this.escalate(task);
    }
  }

  protected end(run: StepRun, kind: 'abandoned' | 'expired') {
    if (!run.outcome) this.conclude(run, { kind, votes: run.votes, closing: this.cancelOpen(run) });
  }

  protected cancelOpen(run: StepRun, except?: TaskState): TaskClosing[] {
    return run.taskIds
      .map((id) => this.tasks.get(id)!)
      .filter((t) => t !== except && !t.settled && !(t.completion && run.votes.some((v) => v.taskId === t.id)))
      .map((t) => closing(t.id, 'cancelled'));
  }

  /** A task was decided: record it as a vote, or let it end the step. */
  protected async vote(run: StepRun, task: TaskState) {
    const { actor, by, decision } = task.completion!;
    const { mode, passRatio } = run.spec.config;
    const others = () =>
      run.taskIds.map((id) => this.tasks.get(id)!).filter((t) => t !== task && !t.settled && !t.completion);
    const countsAgainst = mode === 'all' && passRatio < 1 && decision.decision === 'reject' && !task.addedBy;
    const approving = decision.decision === 'approve' || countsAgainst;
    // An added signer's approval never ends a step while its original holders still have to act.
    const required = others().filter((t) => task.addedBy || t.addedBy || mode === 'all' || mode === 'sequence');
    const endsStep = !approving || (!task.after?.length && required.length === 0 && run.queue.length === 0);
    if (endsStep && (mode === 'single' || mode === 'any')) {
      // The process records this decision with what follows.
      this.conclude(run, {
        kind: 'decided',
        task,
        actor,
        by,
        decision,
        votes: run.votes,
        closing: [closing(task.id, 'done', { actor, proxy: by, decision }), ...this.cancelOpen(run, task)],
      });
      return;
    }
    const vote: Vote = { taskId: task.id, actor, by, decision };
    run.votes.push(vote);
    const close = closing(task.id, 'done', { actor, proxy: by, decision });
    if (run.spec.onVote) await run.spec.onVote(vote, close);
    else
      await this.hooks.record({
        audit: {
          actor: auditActor(actor, by),
          action: 'task.decided',
          fromStatus: null,
          toStatus: null,
          comment: decision.comment,
          data: {
            taskId: task.id,
            step: task.step,
            decision: decision.decision,
            ...(decision.score !== undefined && { score: decision.score }),
            ...(decision.signed && { signed: true }),
          },
        },
        closeTasks: [close],
      });
    // The vote's Update answers once what follows from it is written: the next seat opened, or
    // the process's write of the step's outcome (`finish`).
    if (!approving) return this.decide(run, task, vote);
    const next = task.after?.length
      ? task.after.map((u) => ({ role: task.role, city: null, user: u }))
      : others().length === 0 && run.queue.length
        ? [run.queue.shift()!]
        : [];
    if (next.length) {
      const opened = await this.openSeats(run, next, task.after?.length ? (task.assignee ?? null) : null);
      task.after = [];
      await this.recordOpened(run, opened, actor);
      for (const t of opened) void this.watch(run, this.tasks.get(t.id)!);
    } else if (others().length === 0 && !run.outcome) return this.tally(run, vote);
    task.settled = true;
  }

  /** All seats have voted: approved when enough approved (passRatio of the original panel). */
  protected tally(run: StepRun, last: Vote) {
    const panel = run.votes.filter((v) => !this.tasks.get(v.taskId)!.addedBy);
    const approvals = panel.filter((v) => v.decision.decision === 'approve').length;
    const needed = Math.ceil(run.spec.config.passRatio * panel.length - 1e-9);
    const signersApproved = run.votes.every(
      (v) => !this.tasks.get(v.taskId)!.addedBy || v.decision.decision === 'approve',
    );
    const approved = approvals >= needed && signersApproved;
    const against = [...run.votes].reverse().find((v) => v.decision.decision !== 'approve');
    const deciding = approved || !against ? last : against;
    this.decide(run, this.tasks.get(deciding.taskId)!, {
      ...deciding,
      decision: approved ? deciding.decision : { ...deciding.decision, decision: 'reject' },
    });
  }

  protected decide(run: StepRun, task: TaskState, vote: Vote) {
    this.conclude(run, {
      kind: 'decided',
      task,
      actor: vote.actor,
      by: vote.by,
      decision: vote.decision,
      votes: run.votes,
      closing: this.cancelOpen(run),
    });
  }

  protected async recordOpened(run: StepRun, opened: TaskToOpen[], actor: Actor) {
    await this.hooks.record({
      audit: {
        actor: auditActor(actor),
        action: 'task.opened',
        fromStatus: null,
        toStatus: null,
        comment: null,
        data: { step: run.spec.step, tasks: opened.map((t) => t.id) },
      },
      openTasks: opened,
      notify: opened.map((t) => ({
        recipient: t.assignee
          ? { username: t.assignee }
          : { role: t.role, city: t.city, organizationId: t.organizationId },
        kind: 'task.opened',
        message: `${t.title}: 待办`,
      })),
    });
  }

  protected async escalate(task: TaskState) {
    task.escalationLevel += 1;
    const holders = this.holders(task);
    if (task.escalationLevel === 1) {
      await this.hooks.record({
        audit: {
          actor: SYSTEM_ACTOR,
          action: 'task.overdue_reminder',
          fromStatus: null,
          toStatus: null,
          comment: say('overdueReminderSent'),
          data: { taskId: task.id, step: task.step, dueAt: task.dueAt, assignee: task.assignee },
        },
        patch: [{ id: task.id, escalationLevel: 1 }],
        notify: holders.map((recipient) => ({
          recipient,
          kind: 'task.overdue_reminder',
          message: say('overdue'),
        })),
      });
    } else {
      task.candidateRoles = [...new Set([...task.candidateRoles, task.supervisorRole])];
      await this.hooks.record({
        audit: {
          actor: SYSTEM_ACTOR,
          action: 'task.escalated',
          fromStatus: null,
          toStatus: null,
          comment: say('escalatedToSupervisorRole'),
          data: { taskId: task.id, step: task.step, supervisorRole: task.supervisorRole },
        },
        patch: [{ id: task.id, escalationLevel: 2, candidateRoles: task.candidateRoles }],
        notify: [
          {
            recipient: { role: task.supervisorRole, city: null },
            kind: 'task.escalated',
            message: say('escalated'),
          },
        ],
      });
    }
  }

  // ── who may do what
}
