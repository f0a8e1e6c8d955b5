/**
 * The approval engine: the one way every process waits for people (中国式审批, DOMAIN §10).
 *
 * A process opens a *step* from its configuration (mode, reviewers, SLA, whenNobody — from the
 * rule set the case recorded) and awaits the step's outcome. The engine owns the step's tasks and
 * applies every action on them as a Temporal Update with a validator: claim, release, assign,
 * transfer (转办), delegate (委派), add/remove signers (加签/减签), urge (催办), cc (抄送), comment,
 * and complete (approve / return to a passed step / reject …). A refused action never enters
 * history; an accepted one is recorded (audit entry with acting-for, task rows, notifications)
 * before its Update answers. `taskActions` answers what a person may do now from the same rules.
 *
 * Recording rule: in `single` and `any` steps the decision that ends the step is handed to the
 * process unrecorded, and the process records it together with what follows (one write per
 * decision); every other decision (a 会签 vote, a signer's approval) is recorded as it arrives.
 */
import * as wf from '@temporalio/workflow';
import { PRIORITY_LABELS, stepLabel } from '../domain/approval.js';
import { say } from '../domain/messages.js';
import type { Actor } from '../domain/roles.js';
import { outsider } from '../domain/tasks.js';
/** Marks histories written by the engine; runs recorded before it keep their old commands. */
import { closing, decisionWords, now, refuse, setsPriority } from './approvalBoard.js';
import { ApprovalSteps } from './approvalSteps.js';
import {
  type AssignCommand,
  addSigners,
  assignTask,
  caseForecast,
  ccCase,
  claimTask,
  commentCase,
  completeTask,
  delegateTask,
  prioritizeTask,
  recuseTask,
  releaseTask,
  removeSigner,
  taskActions,
  transferTask,
  urgeTask,
} from './approvalUpdates.js';

export {
  type ApprovalEngineHooks,
  auditActor,
  closing,
  ENGINE_PATCH,
  type EngineRecord,
  refuse,
  type StepOutcome,
  type StepRun,
  type StepSchemas,
  type StepSpec,
  type Vote,
  waitUntil,
} from './approvalBoard.js';

/** The engine a process holds: its steps (approvalSteps.ts) on its board (approvalBoard.ts), and every action on a task as an Update. */
export class ApprovalEngine extends ApprovalSteps {
  install() {
    wf.setHandler(taskActions, ({ taskId, actor }) => this.actionsFor(taskId, actor));
    wf.setHandler(caseForecast, () => this.hooks.forecast?.() ?? []);

    wf.setHandler(
      claimTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        if (task.assignee !== cmd.actor.username) {
          task.assignee = cmd.actor.username;
          await this.hooks.record({
            audit: this.note(cmd, task, 'task.claimed', null),
            patch: [{ id: task.id, assignee: task.assignee }],
          });
        }
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.holder(cmd.taskId, cmd.actor);
          if (task.named) throw refuse('conflict', say('thisTaskHasNamedReviewer'));
        },
      },
    );

    wf.setHandler(
      releaseTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        task.assignee = null;
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.released', null),
          patch: [{ id: task.id, assignee: null }],
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.owner(cmd.taskId, cmd.actor);
          if (task.assignee !== cmd.actor.username || task.named) throw refuse('conflict', say('youDoNotHoldThis'));
        },
      },
    );

    const handOver = (action: 'task.assigned' | 'task.transferred') => async (cmd: AssignCommand) => {
      const task = this.tasks.get(cmd.taskId)!;
      const from = task.assignee;
      task.assignee = cmd.assignee.username;
      await this.hooks.record({
        audit: this.note(cmd, task, action, cmd.comment ?? null, { from, to: cmd.assignee.username }),
        patch: [{ id: task.id, assignee: task.assignee }],
        notify: [
          {
            recipient: { username: cmd.assignee.username },
            kind: action,
            message: `${say('taskHandedToYou')}${cmd.comment ? `: ${cmd.comment}` : ''}`,
          },
        ],
      });
      return task;
    };
    wf.setHandler(assignTask, handOver('task.assigned'), {
      validator: (cmd) => {
        if (!cmd.actor.roles.includes('admin')) throw refuse('forbidden', say('administratorsOnly'));
        this.eligible(this.openTask(cmd.taskId), cmd.assignee, 'assignee');
      },
    });
    wf.setHandler(transferTask, handOver('task.transferred'), {
      validator: (cmd) => {
        const task = this.owner(cmd.taskId, cmd.actor);
        if (cmd.assignee.username === cmd.actor.username)
          throw refuse('validation', say('notTransferToSelf'), { assignee: say('notYourself') });
        this.eligible(task, cmd.assignee, 'assignee');
      },
    });

    wf.setHandler(
      delegateTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        const from = task.assignee ?? cmd.actor.username;
        task.assignee = from;
        task.delegation = { from, to: cmd.assignee.username };
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.delegated', cmd.comment ?? null, { from, to: cmd.assignee.username }),
          patch: [{ id: task.id, assignee: from, delegatedTo: cmd.assignee.username }],
          notify: [
            {
              recipient: { username: cmd.assignee.username },
              kind: 'task.delegated',
              message: `${say('opinionAsked')}: ${cmd.comment ?? ''}`,
            },
          ],
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.owner(cmd.taskId, cmd.actor);
          if (cmd.assignee.username === cmd.actor.username)
            throw refuse('validation', say('notDelegateToSelf'), {
              assignee: say('notYourself'),
            });
          this.eligible(task, cmd.assignee, 'assignee', true);
        },
      },
    );

    wf.setHandler(
      addSigners,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        const run = this.runOf(task)!;
        const data = { position: cmd.position, usernames: cmd.signers.map((s) => s.username) };
        if (cmd.position === 'after') {
          task.after = [...(task.after ?? []), ...cmd.signers];
          await this.hooks.record({ audit: this.note(cmd, task, 'task.signers_added', cmd.comment, data) });
          return task;
        }
        const opened = await this.openSeats(
          run,
          cmd.signers.map((u) => ({ role: task.role, city: null, user: u })),
          cmd.actor.username,
        );
        if (cmd.position === 'before') task.blockedBy = [...(task.blockedBy ?? []), ...opened.map((t) => t.id)];
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.signers_added', cmd.comment, data),
          openTasks: opened,
          notify: opened.map((t) => ({
            recipient: { username: t.assignee! },
            kind: 'task.opened',
            message: `${t.title}: ${say('addedAsSigner')}`,
          })),
        });
        for (const t of opened) void this.watch(run, this.tasks.get(t.id)!);
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.owner(cmd.taskId, cmd.actor);
          const taken = new Set(
            this.runOf(task)
              ?.taskIds.map((id) => this.tasks.get(id)!.assignee)
              .filter(Boolean),
          );
          cmd.signers.forEach((s: Actor, i: number) => {
            if (s.username === cmd.actor.username || taken.has(s.username))
              throw refuse('validation', say('alreadyReviewerOfStep', s.displayName), {
                [`usernames.${i}`]: say('alreadyInThisStep'),
              });
            this.eligible(task, s, `usernames.${i}`, true);
          });
        },
      },
    );

    wf.setHandler(
      removeSigner,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        const run = this.runOf(task)!;
        const added = run.taskIds
          .map((id) => this.tasks.get(id)!)
          .find((t) => t.addedBy && t.assignee === cmd.username && !t.settled && !t.completion);
        task.after = (task.after ?? []).filter((u) => u.username !== cmd.username);
        if (added) {
          added.settled = true;
          for (const t of this.tasks.values()) t.blockedBy = t.blockedBy?.filter((id) => id !== added.id);
        }
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.signer_removed', cmd.comment, { username: cmd.username }),
          closeTasks: added ? [closing(added.id, 'cancelled')] : [],
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.owner(cmd.taskId, cmd.actor);
          if (!this.removable(task).includes(cmd.username))
            throw refuse('validation', say('onlySignerAddedAtRun'), { username: say('cannotBeRemoved') });
        },
      },
    );

    wf.setHandler(
      urgeTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        task.lastUrgedAt = now();
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.urged', cmd.comment ?? null),
          notify: this.holders(task).map((recipient) => ({
            recipient,
            kind: 'task.urged',
            message: `${say('pleaseAct')}${cmd.comment ? `: ${cmd.comment}` : ''}`,
          })),
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.openTask(cmd.taskId);
          if (!this.mayUrge(task, cmd.actor)) throw refuse('forbidden', say('onlyApplicantEarlierReviewerOr'));
          if (this.urgeAllowedAt(task) > Date.now()) throw refuse('too_many_requests', say('alreadyUrgedInLast24'));
        },
      },
    );

    wf.setHandler(
      recuseTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        task.recusedBy = [...(task.recusedBy ?? []), cmd.actor.username];
        const held = task.assignee === cmd.actor.username;
        // a named seat opens to the step's role: another of them takes it
        const reopened = held && task.named;
        if (held) task.assignee = null;
        if (reopened) {
          task.named = false;
          task.candidateRoles = [task.role];
        }
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.recused', cmd.comment ?? null),
          patch: [
            {
              id: task.id,
              recusedBy: task.recusedBy,
              ...(held && { assignee: null }),
              ...(reopened && { candidateRoles: task.candidateRoles }),
            },
          ],
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.openTask(cmd.taskId);
          if (!task.conflict) throw refuse('validation', say('thisStepHasNoConflict'));
          if (!this.isHolder(task, cmd.actor)) throw refuse('forbidden', say('onlyExpertWhoCouldTake'));
          if (!cmd.comment?.trim())
            throw refuse('validation', say('recusalReasonRequired'), { comment: say('required') });
        },
      },
    );

    wf.setHandler(
      prioritizeTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        await this.hooks.record({
          audit: this.note(cmd, task, 'task.prioritized', cmd.comment ?? null, {
            priority: cmd.priority,
            label: PRIORITY_LABELS[cmd.priority]!.zh,
          }),
          patch: [{ id: task.id, priority: cmd.priority }],
        });
        return task;
      },
      {
        validator: (cmd) => {
          this.openTask(cmd.taskId);
          if (!setsPriority(cmd.actor)) throw refuse('forbidden', say('provincialCenterSetsPriorities'));
          if (!Number.isInteger(cmd.priority) || !PRIORITY_LABELS[cmd.priority])
            throw refuse('validation', say('priorityChoice'), {
              priority: say('priorityField'),
            });
        },
      },
    );

    wf.setHandler(
      ccCase,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        await this.hooks.record({
          audit: this.note(cmd, task, 'case.copied', cmd.comment ?? null, {
            usernames: cmd.users.map((u) => u.username),
          }),
          cc: cmd.users.map((u) => u.username),
          notify: cmd.users.map((u) => ({
            recipient: { username: u.username },
            kind: 'case.copied',
            message: `${say('forYourInformation')}${cmd.comment ? `: ${cmd.comment}` : ''}`,
          })),
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.owner(cmd.taskId, cmd.actor);
          // 抄送 lets them read the case: staff, or the task's own organisation
          const i = cmd.users.findIndex((u: Actor) => outsider(task, u));
          if (i >= 0)
            throw refuse('validation', say('notShownToOtherOrganisation', cmd.users[i]!.displayName), {
              [`usernames.${i}`]: say('notEligible'),
            });
        },
      },
    );

    wf.setHandler(
      commentCase,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        const self = this.isHolder(task, cmd.actor);
        await this.hooks.record({
          audit: this.note(cmd, task, 'case.commented', cmd.comment ?? null),
          notify: self
            ? []
            : this.holders(task).map((recipient) => ({
                recipient,
                kind: 'case.commented',
                message: `${say('commentNote')}: ${cmd.comment}`,
              })),
        });
        return task;
      },
      {
        validator: (cmd) => {
          const task = this.openTask(cmd.taskId);
          if (!(this.isHolder(task, cmd.actor) || this.mayUrge(task, cmd.actor)))
            throw refuse('forbidden', say('youMayNotCommentOn'));
        },
      },
    );

    wf.setHandler(
      completeTask,
      async (cmd) => {
        const task = this.tasks.get(cmd.taskId)!;
        if (cmd.decision.decision === 'opinion') {
          const { from, to } = task.delegation!;
          task.delegation = null;
          await this.hooks.record({
            audit: this.note(cmd, task, 'task.opinion_given', cmd.decision.comment, { from: to, to: from }),
            patch: [{ id: task.id, assignee: from, delegatedTo: null }],
            notify: [
              {
                recipient: { username: from },
                kind: 'task.opinion_given',
                message: `${say('delegateAnswered')}: ${cmd.decision.comment}`,
              },
            ],
          });
          return this.hooks.snapshot();
        }
        await this.hooks.precheckDecision?.(task, cmd);
        if (task.completion || task.settled) throw refuse('conflict', say('taskAlreadyDecided'));
        task.completion = { actor: cmd.actor, by: cmd.by ?? null, decision: cmd.decision };
        await wf.condition(() => task.settled);
        return this.hooks.snapshot();
      },
      {
        validator: (cmd) => {
          const task = this.holder(cmd.taskId, cmd.actor);
          const d = cmd.decision;
          const allowed = this.allowedDecisions(task);
          if (!allowed.includes(d.decision))
            throw refuse('validation', say('onlyDecisionsHere', ...decisionWords(allowed)), {
              decision: say('allowedChoices', ...decisionWords(allowed)),
            });
          if (task.blockedBy?.some((id) => !this.tasks.get(id)!.settled))
            throw refuse('conflict', say('waitingForSignersAddedBefore'));
          if (d.decision === 'return') {
            const targets = this.returnTargets(task);
            if (!targets.includes(d.toStep ?? targets[0]!))
              throw refuse('validation', say('returnToStepThisCase'), {
                toStep: say(
                  'allowedChoices',
                  targets.map((t) => stepLabel(t).zh).join('、'),
                  targets.map((t) => stepLabel(t).en).join(', '),
                ),
              });
          }
          if (d.decision !== 'opinion') this.hooks.validateDecision(task, cmd);
        },
      },
    );
  }
}
