/**
 * 撤回 (recall): the case's own party takes back what it filed (a self-report, a statement, a
 * milestone report) while nobody has acted on the step it led to — no task claimed, named or
 * decided. The step then ends (abandoned) and the process reopens the party's step with its
 * original due date. Admission keeps its own pair (撤回修改 / 终止申请) for the application.
 *
 * A case with several parties (a competition's winners) keeps one recall per party, keyed by
 * `keyOf`; a case with one party uses the default key.
 */
import * as wf from '@temporalio/workflow';
import type { Label } from '../domain/approval.js';
import { say } from '../domain/messages.js';
import type { Actor } from '../domain/roles.js';
import { type ApprovalEngine, refuse, type StepRun } from './approvalEngine.js';

export const recallSubmission = wf.defineUpdate<unknown, [{ actor: Actor; comment?: string }]>('recallSubmission');

export interface RecallRequest {
  actor: Actor;
  comment: string;
}
interface Slot {
  run: StepRun | null;
  /** The due date of the party's step, which a recall reopens (null: no limit). */
  dueAt: string | null;
  request: RecallRequest | null;
  settled: number;
}

export class Recall {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly engine: ApprovalEngine,
    private readonly opts: {
      isParty(actor: Actor): boolean;
      /** Which of the case's parties the actor is (default: the case has one). */
      keyOf?(actor: Actor): string;
      snapshot(): unknown;
      recorded(): boolean;
      /** What the party filed, in words, for the audit entry's default comment. */
      what: Label;
    },
  ) {}

  private slot(key: string): Slot {
    const s = this.slots.get(key) ?? { run: null, dueAt: null, request: null, settled: 0 };
    this.slots.set(key, s);
    return s;
  }

  /** The step a submission led to: recallable until anyone acts on it, while `dueAt` lies ahead. */
  offer(run: StepRun, dueAt: string | null, key = '') {
    Object.assign(this.slot(key), { run, dueAt });
  }
  /** For the step's spec: its run ends once a recall is asked. */
  readonly asked = (key = '') => this.slots.get(key)?.request != null;
  /** The recall (once) for the process to record and reopen the party's step, with the due date to keep. */
  take(key = ''): (RecallRequest & { dueAt: string | null }) | null {
    const s = this.slot(key);
    const r = s.request;
    if (!r) return null;
    s.request = null;
    s.run = null;
    return { ...r, dueAt: s.dueAt };
  }
  /** The process recorded the reopened step: the Update answers. */
  done(key = '') {
    this.slot(key).settled++;
  }

  install() {
    const keyOf = (a: Actor) => this.opts.keyOf?.(a) ?? '';
    wf.setHandler(
      recallSubmission,
      async ({ actor, comment }) => {
        const s = this.slot(keyOf(actor));
        const before = s.settled;
        s.request = { actor, comment: comment || say('recalledFiling', this.opts.what.zh, this.opts.what.en) };
        await wf.condition(() => s.settled > before && this.opts.recorded());
        return this.opts.snapshot();
      },
      {
        validator: ({ actor }) => {
          if (!this.opts.isParty(actor))
            throw refuse('forbidden', say('onlyFilerMayRecall', this.opts.what.zh, this.opts.what.en));
          const s = this.slots.get(keyOf(actor));
          if (!s?.run) throw refuse('conflict', say('nothingToRecall', this.opts.what.zh, this.opts.what.en));
          if (s.request || !this.engine.untouched(s.run))
            throw refuse('conflict', say('filingAlreadyTaken', this.opts.what.zh, this.opts.what.en));
          if (s.dueAt && Date.parse(s.dueAt) <= Date.now())
            throw refuse('conflict', say('filingWindowPassed', this.opts.what.zh, this.opts.what.en));
        },
      },
    );
  }
}
