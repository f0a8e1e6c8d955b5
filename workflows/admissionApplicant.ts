/**
 * The applicant's side of an admission (workflows/admissionCase.ts): reading, drafting, submitting
 * (the rule set and thresholds taken at submission), withdrawing and 撤回, as Updates.
 */

import * as wf from '@temporalio/workflow';
import type { AdmissionRules } from '../domain/admissionRules.js';
import {
  type AdmissionStatus,
  ApplicationDraftInput,
  type ApplicationView,
  submissionProblems,
} from '../domain/application.js';
import { issueErrors } from '../domain/issueWords.js';
import { say } from '../domain/messages.js';
import { alreadySubCenter } from '../domain/organizations.js';
import type { Actor } from '../domain/roles.js';
import { evaluateThresholds } from '../domain/thresholds.js';
import { db } from './activities.js';
import {
  applicationCreated,
  editApplication,
  getApplication,
  recallApplication,
  submitApplication,
  withdrawApplication,
} from './admissionUpdates.js';
import type { StepRun } from './approvalEngine.js';
import { type ApprovalEngine, refuse } from './approvalEngine.js';
import { actorRef, type CaseRecorder } from './caseRecorder.js';
import { VERSION_6 } from './versions.js';

/** The applicant's requests and the review in progress (workflows/admissionCase.ts keeps them). */
export interface AdmissionState {
  rules: AdmissionRules | null;
  ready: boolean;
  submission: { actor: Actor; done: boolean } | null;
  withdrawal: { actor: Actor; comment: string } | null;
  recall: { actor: Actor; comment: string } | null;
  /** The review step in progress, and whether it is the first one after a submission (recall). */
  current: { run: StepRun; afterSubmission: boolean } | null;
}

/** What the applicant's Updates share with the admission. */
export interface AdmissionContext {
  readonly app: ApplicationView;
  readonly rec: CaseRecorder<AdmissionStatus>;
  readonly engine: ApprovalEngine;
  readonly state: AdmissionState;
  isOwner(a: Actor): boolean;
  editable(): boolean;
  terminal(): boolean;
}

/** The admission rules for a submission, refused when the institution already is a sub-center. */
async function submissionContext(c: AdmissionContext) {
  const refuseIfListed = (existing: { name: string } | null) => {
    if (existing) throw refuse('conflict', alreadySubCenter(existing.name));
  };
  if (wf.patched(VERSION_6)) {
    const { existing, ...loaded } = await db().submissionContext(c.app.creditCode);
    refuseIfListed(existing);
    return loaded;
  }
  // runs begun before version 6: two activities, the rules read only when no sub-center was found
  refuseIfListed(await db().findActiveSubCenter(c.app.creditCode));
  return db().loadAdmissionRules();
}

/** Installs the applicant's Updates on the admission `c`. */
export function installApplicantUpdates(c: AdmissionContext) {
  wf.setHandler(getApplication, () => c.app);
  wf.setHandler(applicationCreated, async () => {
    await wf.condition(() => c.state.ready && c.rec.recorded());
    return c.app;
  });
  wf.setHandler(
    editApplication,
    async ({ actor, changes }) => {
      Object.assign(c.app, changes);
      await c.rec.commit({
        actor: actorRef(actor),
        action: 'application.edited',
        data: { fields: Object.keys(changes) },
      });
      return c.app;
    },
    {
      validator: ({ actor, changes }) => {
        if (!c.isOwner(actor)) throw refuse('forbidden', say('onlyApplicantMayEdit'));
        if (!c.editable()) throw refuse('conflict', say('cannotEditNow'));
        if (changes.creditCode !== undefined && changes.creditCode !== c.app.creditCode)
          throw refuse('validation', say('creditCodeCannotChange'), {
            creditCode: say('creditCodeCannotChange'),
          });
        const merged = ApplicationDraftInput.safeParse({ ...c.app, ...changes });
        if (!merged.success)
          throw refuse('validation', say('inconsistentApplication'), issueErrors(merged.error.issues));
      },
    },
  );
  wf.setHandler(
    submitApplication,
    async ({ actor }) => {
      const loaded = await submissionContext(c);
      if (c.state.submission || !c.editable()) throw refuse('conflict', say('alreadySubmitted'));
      c.state.rules = loaded.rules;
      c.app.ruleVersion = loaded.version;
      c.app.thresholdResults =
        c.app.system === 'financial'
          ? evaluateThresholds(c.app.category, c.app.thresholdFigures, c.state.rules.thresholds)
          : [];
      const request = { actor, done: false };
      c.state.submission = request;
      await wf.condition(() => request.done);
      return c.app;
    },
    {
      validator: ({ actor }) => {
        if (!c.isOwner(actor)) throw refuse('forbidden', say('onlyApplicantMaySubmit'));
        if (!c.editable() || c.state.submission) throw refuse('conflict', say('cannotSubmitNow'));
        const problems = submissionProblems(c.app);
        if (Object.keys(problems).length > 0) throw refuse('validation', say('applicationIsIncomplete'), problems);
      },
    },
  );
  wf.setHandler(
    withdrawApplication,
    async ({ actor, comment }) => {
      c.state.withdrawal ??= { actor, comment: comment ?? say('withdrawnByApplicant') };
      await wf.condition(() => c.terminal() && c.rec.recorded());
      if (c.app.status !== 'withdrawn') throw refuse('conflict', say('alreadyDecidedNoWithdrawal'));
      return c.app;
    },
    {
      validator: ({ actor }) => {
        if (!c.isOwner(actor)) throw refuse('forbidden', say('onlyApplicantMayWithdraw'));
        if (c.terminal()) throw refuse('conflict', say('cannotWithdrawNow'));
      },
    },
  );
  wf.setHandler(
    recallApplication,
    async ({ actor, comment }) => {
      c.state.recall = { actor, comment: comment ?? say('recalledByApplicant') };
      await wf.condition(() => (c.app.status === 'draft' || c.terminal()) && c.rec.recorded());
      return c.app;
    },
    {
      validator: ({ actor }) => {
        if (!c.isOwner(actor)) throw refuse('forbidden', say('onlyApplicantMayRecall'));
        if (!c.state.current?.afterSubmission || !c.engine.untouched(c.state.current.run) || c.state.recall)
          throw refuse('conflict', say('alreadyClaimedOrDecidedIt'));
      },
    },
  );
}
