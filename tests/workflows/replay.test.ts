/**
 * Determinism: recorded histories of every workflow (v0-: the first admission code, v1-: every
 * process before the approval engine; v2-: with it; v3-: with the notice stage; v4-: with local
 * activities, and a case begun on v3 and decided on v4; v5-: a decision that met an incident and was
 * retried; v6-: version 6, one patch for all, fewer writes, and a case begun on v5 decided on v6;
 * `…_started_with_attributes`: a v6 admission started with its city, system and first status, so
 * it upserts none of them; v7-: 退回 and 撤回 in evaluation, revocation and competition; v8-: a bid sent back to its bidder,
 * a milestone report recalled) must replay against the current code. A change that breaks
 * this needs patched() (see docs/workflows.md).
 */

import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataConverter } from '../../activities/payloadCodec.js';
import { bundleWorkflows } from '../../scripts/prod/temporal.js';
import { admission, applicationCreated, submitApplication, withdrawApplication } from '../../workflows/admission.js';
import { admissionWorkflowId, TASK_QUEUE } from '../../workflows/names.js';
import { buildApplication } from '../support/builders.js';
import { actor, connectStack, type TestStack } from '../support/stack.js';

const dir = join(import.meta.dirname, 'histories');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));
/** A fixture's events, markers named with their activity or patch. */
const steps = (file: string): string[] =>
  (
    JSON.parse(readFileSync(join(dir, file), 'utf8')).events as {
      eventType: string;
      markerRecordedEventAttributes?: {
        markerName: string;
        details?: Record<string, { payloads: { data?: string }[] }>;
      };
    }[]
  ).map((e) => {
    const m = e.markerRecordedEventAttributes;
    if (!m) return e.eventType.replace('EVENT_TYPE_', '');
    const detail = Object.values(m.details ?? {})
      .flatMap((d) => d.payloads.map((p) => Buffer.from(p.data ?? '', 'base64').toString()))
      .join(' ');
    return `${m.markerName} ${/"activity_type":"(\w+)"/.exec(detail)?.[1] ?? /"id":"([\w-]+)"/.exec(detail)?.[1]}`;
  });
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
        'v6-admission-public_notice.json',
        'v6-admission-in_flight_from_v5.json',
        'v6-admission-public_notice_started_with_attributes.json',
        'v6-competition-public_notice.json',
        'v6-evaluationRound-public_notice.json',
        'v6-revocation-public_notice.json',
        'v5-admission-incident_retried.json',
        'v4-admission-public_notice.json',
        'v4-admission-in_flight_from_v3.json',
        'v4-evaluation-scored.json',
        'v4-competition-public_notice.json',
        'v4-payout-paid.json',
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

  it('keeps a v5 run that met an incident: the failed write, the incident, the retry signal, the resolution', () => {
    const activities = steps('v5-admission-incident_retried.json').flatMap((e) => {
      if (e === 'WORKFLOW_EXECUTION_SIGNALED') return ['signal'];
      return e.startsWith('core_local_activity ') ? [e.slice('core_local_activity '.length)] : [];
    });
    const from = activities.indexOf('recordIncident');
    expect(activities.slice(from - 1, from + 4)).toEqual([
      'recordCaseChange',
      'recordIncident',
      'signal',
      'recordCaseChange',
      'resolveIncident',
    ]);
  });

  it('records the database work of v4 runs as local activities, after the scheduled ones of a v3 run', () => {
    // events by type, markers by name
    const events = (file: string) => steps(file).map((e) => e.split(' ')[0]);
    const fresh = events('v4-admission-public_notice.json');
    expect(fresh.filter((e) => e === 'core_local_activity').length).toBeGreaterThan(3);
    expect(fresh).not.toContain('ACTIVITY_TASK_SCHEDULED');
    const inFlight = events('v4-admission-in_flight_from_v3.json');
    const lastScheduled = inFlight.lastIndexOf('ACTIVITY_TASK_SCHEDULED');
    const firstLocal = inFlight.indexOf('core_local_activity');
    expect(lastScheduled).toBeGreaterThan(0);
    expect(firstLocal).toBeGreaterThan(lastScheduled);
  });

  /** The local activities of a fixture's last Update (its last decision). */
  const lastDecision = (events: string[]) =>
    events.slice(events.lastIndexOf('WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).filter((s) => s.startsWith('core_local'));
  const patches = (events: string[]) => events.filter((s) => s.startsWith('core_patch'));

  it('records one patch in a v6 run, and a decision with the 公示 it publishes as one write', () => {
    for (const file of ['v6-admission-public_notice.json', 'v6-revocation-public_notice.json']) {
      const events = steps(file);
      expect(patches(events)).toEqual(['core_patch kejin-6']);
      // the last decision: the 公示's deadlines, then one write of the decision and the published list
      expect(lastDecision(events)).toEqual([
        ...(file.includes('admission') ? ['core_local_activity findActiveSubCenter'] : []),
        'core_local_activity noticeDeadlines',
        'core_local_activity recordCaseChange',
      ]);
    }
  });

  it('takes a case begun before version 6 onto it at its next step, then decides with one write', () => {
    const events = steps('v6-admission-in_flight_from_v5.json');
    expect(patches(events)).toEqual([
      'core_patch local-activities-1',
      'core_patch approval-engine-1',
      'core_patch kejin-6',
    ]);
    expect(lastDecision(events)).toEqual([
      'core_local_activity findActiveSubCenter',
      'core_local_activity noticeDeadlines',
      'core_local_activity recordCaseChange',
    ]);
  });

  it.each(fixtures)('replays %s without a determinism error', async (file) => {
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle, dataConverter: dataConverter() }, history, file),
    ).resolves.toBeUndefined();
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
      Worker.runReplayHistory(
        { workflowBundle: bundle, dataConverter: dataConverter() },
        await handle.fetchHistory(),
        handle.workflowId,
      ),
    ).resolves.toBeUndefined();
  });
});
