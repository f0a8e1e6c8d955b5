/** Temporal names used by the worker, the API and the tests alike. */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const TASK_QUEUE = 'kejin';

/** Business keys: one running admission per organisation (its credit code). */
export const admissionWorkflowId = (creditCode: string) => `admission-${creditCode}`;

export const KejinStatus = defineSearchAttributeKey('KejinStatus', SearchAttributeType.KEYWORD);
export const KejinCity = defineSearchAttributeKey('KejinCity', SearchAttributeType.KEYWORD);
export const KejinSystem = defineSearchAttributeKey('KejinSystem', SearchAttributeType.KEYWORD);
/** Registered on every Temporal server the product uses (dev server flags, tests, compose). */
export const SEARCH_ATTRIBUTES = [KejinStatus, KejinCity, KejinSystem];

/**
 * What an admission carries from its start: its city, system and first status (草稿), so its first
 * workflow task upserts none of them (two events and two visibility writes fewer a case).
 */
export const admissionStartAttributes = (app: { city: string; system: string }) => [
  { key: KejinCity, value: app.city },
  { key: KejinSystem, value: app.system },
  { key: KejinStatus, value: 'draft' },
];

/** The failure type of an activity error no retry can mend (activities/incidents.ts). */
export const DATA_ERROR = 'DataError';
/** Signal: an administrator asks a workflow to try the step of an incident again (its id). */
export const RETRY_INCIDENT_SIGNAL = 'retryIncident';
/** The header carrying an API request's id into workflows and their activities (activities/requestTrail.ts). */
export const REQUEST_ID_HEADER = 'kejin-request-id';
