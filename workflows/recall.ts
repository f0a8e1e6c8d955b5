/**
 * 撤回 (recall): the case's own party takes back what it filed (a self-report, a statement, a
 * milestone report) while nobody has acted on the step it led to — no task claimed, named or
 * decided. The step then ends (abandoned) and the process reopens the party's step with its
 * original due date. Admission keeps its own pair (撤回修改 / 终止申请) for the application.
 */
import * as wf from '@temporalio/workflow';
import type { Actor } from '../domain/roles.js';
import { refuse, type StepRun, type TaskBoard } from './humanTask.js';

export const recallSubmission = wf.defineUpdate<unknown, [{ actor: Actor; comment?: string }]>('recallSubmission');

export interface RecallRequest {
  actor: Actor;
  comment: string;
}

export class Recall {
  private request: RecallRequest | null = null;
  private run: StepRun | null = null;
  /** The due date of the party's step, which a recall reopens (null: no limit). */
  private dueAt: string | null = null;
  private settled = 0;

  constructor(
    private readonly board: TaskBoard,
    private readonly opts: {
      isParty(actor: Actor): boolean;
      snapshot(): unknown;
      recorded(): boolean;
      /** What the party filed, in words, for the audit entry's default comment. */
      what: string;
    },
  ) {}

  /** The step a submission led to: recallable until anyone acts on it, while `dueAt` lies ahead. */
  offer(run: StepRun, dueAt: string | null) {
    this.run = run;
    this.dueAt = dueAt;
  }
  /** For the step's spec: its run ends once a recall is asked. */
  readonly asked = () => this.request !== null;
  /** The recall (once) for the process to record and reopen the party's step, with the due date to keep. */
  take(): (RecallRequest & { dueAt: string | null }) | null {
    const r = this.request;
    if (!r) return null;
    this.request = null;
    this.run = null;
    return { ...r, dueAt: this.dueAt };
  }
  /** The process recorded the reopened step: the Update answers. */
  done() {
    this.settled++;
  }

  install() {
    wf.setHandler(
      recallSubmission,
      async ({ actor, comment }) => {
        const before = this.settled;
        this.request = { actor, comment: comment || `${this.opts.what}已撤回修改` };
        await wf.condition(() => this.settled > before && this.opts.recorded());
        return this.opts.snapshot();
      },
      {
        validator: ({ actor }) => {
          if (!this.opts.isParty(actor)) throw refuse('forbidden', `只有提交${this.opts.what}的单位可以撤回`);
          if (!this.run) throw refuse('conflict', `没有可撤回的${this.opts.what}`);
          if (this.request || !this.board.untouched(this.run))
            throw refuse('conflict', `${this.opts.what}已有人认领或处理，不能撤回`);
          if (this.dueAt && Date.parse(this.dueAt) <= Date.now())
            throw refuse('conflict', `${this.opts.what}的提交期限已过，不能撤回`);
        },
      },
    );
  }
}
