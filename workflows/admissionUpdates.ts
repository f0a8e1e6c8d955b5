/**
 * What the API and the tests speak to an admission (分中心申报) with: its input, the application
 * query and the applicant's Updates (created, edit, submit, withdraw, recall). The process is
 * workflows/admission.ts; its state and steps, workflows/admissionCase.ts.
 */
import * as wf from '@temporalio/workflow';
import type { ApplicationData, ApplicationEditInput, ApplicationView } from '../domain/application.js';
import type { Actor } from '../domain/roles.js';

export interface AdmissionInput {
  applicationId: string;
  data: ApplicationData;
  createdBy: Actor;
}

export const getApplication = wf.defineQuery<ApplicationView>('getApplication');
/** Answers once the new case is readable in PostgreSQL (used with update-with-start). */
export const applicationCreated = wf.defineUpdate<ApplicationView>('applicationCreated');
export const editApplication = wf.defineUpdate<ApplicationView, [{ actor: Actor; changes: ApplicationEditInput }]>(
  'editApplication',
);
export const submitApplication = wf.defineUpdate<ApplicationView, [{ actor: Actor }]>('submitApplication');
export const withdrawApplication = wf.defineUpdate<ApplicationView, [{ actor: Actor; comment?: string }]>(
  'withdrawApplication',
);
/** 撤回: back to draft, while nobody has claimed or decided the first task after the submission. */
export const recallApplication = wf.defineUpdate<ApplicationView, [{ actor: Actor; comment?: string }]>(
  'recallApplication',
);
