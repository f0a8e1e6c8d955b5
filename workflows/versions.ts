/**
 * Workflow versions (docs/workflows.md). A change to what a workflow commands is a
 * patch, and every patch a run records costs a marker in its history and a visibility write (the
 * SDK upserts `TemporalChangeVersion` with it). So runs begun from version 6 on record one patch,
 * `VERSION_6`, which stands for every patch before it; runs begun earlier go on asking for their
 * own patches, as they recorded them.
 */
import * as wf from '@temporalio/workflow';

/**
 * Version 6: one patch for all the earlier ones; an admission's roster check and rules read in one
 * activity at submission; a decision and the 公示 it publishes recorded as one change.
 */
export const VERSION_6 = 'kejin-6';

/** Whether this run takes the path of `patch` (introduced before version 6) here. */
export const since = (patch: string) => wf.patched(VERSION_6) || wf.patched(patch);
