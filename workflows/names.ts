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
