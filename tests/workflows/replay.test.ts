/**
 * Determinism: recorded histories of every workflow (v0-: the first admission code, v1-: every
 * process before the approval engine; v2-: with it; v3-: with the notice stage) must replay against the current code. A change that breaks
 * this needs patched() (see README, "Changing a workflow").
 */

import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../../scripts/stack.js';
import { admission, applicationCreated, submitApplication, withdrawApplication } from '../../workflows/admission.js';
import { admissionWorkflowId, TASK_QUEUE } from '../../workflows/names.js';
import { buildApplication } from '../support/builders.js';
import { actor, connectStack, type TestStack } from '../support/stack.js';

const dir = join(import.meta.dirname, 'histories');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));
let bundle: WorkflowBundleWithSourceMap;
let stack: TestStack;
beforeAll(async () => {
  bundle = await bundleWorkflows();
  stack = await connectStack();
});
afterAll(() => stack.close());

describe('replay of recorded histories', () => {
  it('has recorded histories of every workflow type', () => {
    const types = new Set(fixtures.map((f) => f.replace(/^v\d+-/, '').split('-')[0]));
    expect([...types].sort()).toEqual([
      'admission',
      'competition',
      'evaluation',
      'evaluationRound',
      'payout',
      'revocation',
    ]);
    expect(fixtures).toEqual(
      expect.arrayContaining([
        'v3-admission-public_notice.json',
        'v3-evaluationRound-public_notice.json',
        'v3-revocation-public_notice.json',
        'v3-competition-public_notice.json',
        'v2-admission-admitted.json',
        'v2-evaluation-rectification.json',
        'v2-competition-closed.json',
        'v1-admission-supplement_requested.json',
        'v1-evaluation-rectification.json',
        'v1-competition-expert_review.json',
      ]),
    );
  });

  it.each(fixtures)('replays %s without a determinism error', async (file) => {
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, file)).resolves.toBeUndefined();
  });

  it('replays a history recorded in this run', async () => {
    const applicant = await actor(stack.db, 'applicant1');
    const data = buildApplication();
    const handle = await stack.client.workflow.start(admission, {
      workflowId: admissionWorkflowId(data.creditCode),
      taskQueue: TASK_QUEUE,
      args: [{ applicationId: randomUUID(), data, createdBy: applicant }],
    });
    await handle.executeUpdate(applicationCreated);
    await handle.executeUpdate(submitApplication, { args: [{ actor: applicant }] });
    await handle.executeUpdate(withdrawApplication, { args: [{ actor: applicant }] });
    await handle.result();
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle }, await handle.fetchHistory(), handle.workflowId),
    ).resolves.toBeUndefined();
  });
});
