import { randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { WithStartWorkflowOperation } from '@temporalio/client';
import {
  activeSubCenterOf,
  applicationFilters,
  applicationVisibleTo,
  registeredCreditCode,
  tasksDecidedBy,
  visibleApplication,
  visibleApplications,
} from '../../db/queries/applications.js';
import { attachmentsOfCase } from '../../db/queries/attachments.js';

import { ruleSetVersion } from '../../db/queries/reference.js';
import { openTasksOfCase } from '../../db/queries/tasks.js';
import {
  ApplicationDraftInput,
  ApplicationEditInput,
  ApplicationView,
  panelMean,
  TERMINAL_STATUSES,
} from '../../domain/application.js';
import { DomainError } from '../../domain/errors.js';
import { say } from '../../domain/messages.js';
import { alreadySubCenter } from '../../domain/organizations.js';
import type { Actor } from '../../domain/roles.js';
import {
  admission,
  applicationCreated,
  editApplication,
  recallApplication,
  submitApplication,
  withdrawApplication,
} from '../../workflows/admission.js';
import { admissionStartAttributes, admissionWorkflowId, TASK_QUEUE } from '../../workflows/names.js';
import { caseExtraRoutes } from '../caseExtras.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { renderApplicationForm } from '../documents.js';
import { CaseHistory, caseHistory } from '../history.js';
import { ListQuery, listPage } from '../listing.js';
import { IdParam, json, security } from '../openapi.js';
import { expertsSealedFrom, SEALED_EXPERT, scoresSealedFor } from '../policy.js';
import { sendUpdate } from '../temporal.js';
import { OptionalComment, optionalComment, validationHook } from '../validation.js';
import { Attachment, caseAttachments, checkEvidence } from './attachments.js';
import { Task, taskFromRow } from './taskContracts.js';

const ApplicationDetail = ApplicationView.extend({ openTasks: z.array(Task), attachments: z.array(Attachment) });
const errors = {
  403: { description: 'not allowed for this user' },
  404: { description: 'no such application (or not visible to this user)' },
  409: { description: 'not allowed in the current state' },
  422: { description: 'invalid input: `{ message, errors: { field: reason } }`' },
};

/**
 * The panel's mean score once the panel has decided (sealed while it scores): for reviewers always;
 * for an applicant where the case's rule set allows it (`expertMeanToApplicant`); null otherwise.
 */
async function expertMeanFor(db: ApiDeps['db'], actor: Actor, view: ApplicationView): Promise<number | null> {
  if (!view.expertScores.length || view.status === 'expert_review') return null;
  if (!expertsSealedFrom(actor)) return panelMean(view.expertScores);
  if (!view.ruleVersion) return null;
  const rules = await ruleSetVersion(db, 'admission', view.ruleVersion);
  if (!(rules?.body as { expertMeanToApplicant?: boolean } | undefined)?.expertMeanToApplicant) return null;
  return panelMean(view.expertScores);
}

/**
 * While the panel scores, an expert sees only their own scores of an application (`scoresSealedFor`);
 * an applicant never sees an expert's score (`expertsSealedFrom`).
 */
export function sealedScores(view: ApplicationView, actor: Actor, myTasks: Set<string>): ApplicationView {
  if (expertsSealedFrom(actor)) return { ...view, expertScores: [] };
  if (view.status !== 'expert_review' || !scoresSealedFor(actor)) return view;
  return { ...view, expertScores: view.expertScores.filter((s) => myTasks.has(s.taskId)) };
}

const routes = {
  list: createRoute({
    method: 'get',
    path: '/',
    tags: ['applications'],
    summary: 'Applications visible to the caller',
    security,
    request: { query: ListQuery },
    responses: {
      200: { description: 'a page; total in Content-Range', ...json(z.array(ApplicationView)) },
      422: errors[422],
    },
  }),
  create: createRoute({
    method: 'post',
    path: '/',
    tags: ['applications'],
    summary: 'Start a draft application (建设方案申报)',
    security,
    request: { body: { ...json(ApplicationDraftInput), required: true } },
    responses: { 201: { description: 'the draft', ...json(ApplicationView) }, ...errors },
  }),
  read: createRoute({
    method: 'get',
    path: '/{id}',
    tags: ['applications'],
    summary: 'One application with its open tasks',
    security,
    request: { params: IdParam },
    responses: { 200: { description: 'the application', ...json(ApplicationDetail) }, 404: errors[404] },
  }),
  edit: createRoute({
    method: 'put',
    path: '/{id}',
    tags: ['applications'],
    summary: 'Edit a draft (or answer a supplement request)',
    security,
    request: { params: IdParam, body: { ...json(ApplicationEditInput), required: true } },
    responses: { 200: { description: 'the application', ...json(ApplicationView) }, ...errors },
  }),
  submit: createRoute({
    method: 'post',
    path: '/{id}/submit',
    tags: ['applications'],
    summary: 'Submit (or resubmit after a supplement request)',
    security,
    request: { params: IdParam },
    responses: { 200: { description: 'the application, now under review', ...json(ApplicationView) }, ...errors },
  }),
  withdraw: createRoute({
    method: 'post',
    path: '/{id}/withdraw',
    tags: ['applications'],
    summary: 'Withdraw before a decision',
    security,
    request: { params: IdParam, body: { ...json(OptionalComment), required: false } },
    responses: { 200: { description: 'the withdrawn application', ...json(ApplicationView) }, ...errors },
  }),
  recall: createRoute({
    method: 'post',
    path: '/{id}/recall',
    tags: ['applications'],
    security,
    summary:
      '撤回: back to draft while nobody has claimed or decided the first task after the submission (withdraw ends the case for good)',
    request: { params: IdParam, body: { ...json(OptionalComment), required: false } },
    responses: { 200: { description: 'the application, a draft again', ...json(ApplicationView) }, ...errors },
  }),
  applicationForm: createRoute({
    method: 'get',
    path: '/{id}/application-form.pdf',
    tags: ['applications'],
    summary: "申报书: the application as submitted (PDF): content, checklist, evidence with each file's SHA-256",
    security,
    request: { params: IdParam },
    responses: {
      200: {
        description: 'the PDF',
        content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      404: errors[404],
    },
  }),
  history: createRoute({
    method: 'get',
    path: '/{id}/history',
    tags: ['applications'],
    summary: 'Audit trail and Temporal event history',
    security,
    request: { params: IdParam },
    responses: { 200: { description: 'the history', ...json(CaseHistory) }, 404: errors[404] },
  }),
};

const LIST_COLUMNS = {
  id: 'id',
  status: 'status',
  orgName: 'org_name',
  creditCode: 'credit_code',
  system: 'system',
  category: 'category',
  applicantKind: 'applicant_kind',
  city: 'city',
  currentStep: 'current_step',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  submittedAt: 'submitted_at',
  decidedAt: 'decided_at',
};

export function applicationRoutes(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const { db, temporal } = deps;
  deps.live?.register('admission', 'applications', applicationVisibleTo);
  /**
   * An application is for the applicant's own organisation: the credit code registered to it (an
   * administrator registers it, 机构登记). Without a registered code nobody of that organisation
   * applies — so no one can hold another organisation's code hostage with a draft.
   */
  const checkCreditCodeIsOwn = async (actor: Actor, creditCode: string) => {
    const own = actor.organizationId ? await registeredCreditCode(db, actor.organizationId) : null;
    const refuse = (reason: string) => new DomainError('validation', reason, { creditCode: reason });
    if (!own) throw refuse(say('yourOrganisationHasNoRegistered'));
    if (own !== creditCode) throw refuse(say('mustBeOwnCreditCode', own));
  };
  const find = async (actor: Actor, id: string) => {
    const row = await visibleApplication(db, actor, id);
    if (!row) throw new DomainError('not_found', say('noSuchApplication', id));
    return {
      ...row,
      view: row.body as ApplicationView,
      handle: temporal.workflow.getHandle(row.workflow_id, row.run_id),
    };
  };

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(routes.list, async (c) => {
      const rows = await listPage(c, visibleApplications(db, c.get('actor')).select('body'), c.req.valid('query'), {
        resource: 'applications',
        columns: LIST_COLUMNS,
        defaultSort: ['createdAt', 'DESC'],
        customFilters: applicationFilters,
      });
      return c.json(
        rows.map((r) => sealedScores(r.body as ApplicationView, c.get('actor'), new Set())),
        200,
      );
    })
    .openapi(routes.create, async (c) => {
      const actor = c.get('actor');
      const data = c.req.valid('json');
      await checkCreditCodeIsOwn(actor, data.creditCode);
      const onRoster = await activeSubCenterOf(db, data.creditCode);
      if (onRoster) throw new DomainError('conflict', alreadySubCenter(onRoster.name));
      const startWorkflowOperation = new WithStartWorkflowOperation(admission, {
        workflowId: admissionWorkflowId(data.creditCode),
        taskQueue: TASK_QUEUE,
        workflowIdConflictPolicy: 'FAIL',
        typedSearchAttributes: admissionStartAttributes(data),
        args: [
          {
            applicationId: randomUUID(),
            data: { plan: {}, checklist: {}, thresholdFigures: {}, evidence: {}, ...data },
            createdBy: actor,
          },
        ],
      });
      const view = await temporal.workflow.executeUpdateWithStart(applicationCreated, { startWorkflowOperation });
      return c.json(view, 201);
    })
    .openapi(routes.read, async (c) => {
      const actor = c.get('actor');
      const found = await find(actor, c.req.valid('param').id);
      // the expert's own scoring tasks, read only when the scores are sealed for them
      const mine =
        found.view.status === 'expert_review' && scoresSealedFor(actor)
          ? await tasksDecidedBy(db, found.view.id, actor.username)
          : new Set<string>();
      const view = sealedScores(found.view, actor, mine);
      const tasks = await openTasksOfCase(db, 'admission', view.id, actor);
      // who holds an expert's seat is not the applicant's to know
      const open = tasks
        .map(taskFromRow)
        .map((t) =>
          expertsSealedFrom(actor) && t.candidateRoles.includes('expert')
            ? { ...t, assignee: t.assignee && SEALED_EXPERT, assigneeName: t.assignee && SEALED_EXPERT }
            : t,
        );
      return c.json(
        {
          ...view,
          expertMean: await expertMeanFor(db, actor, found.view),
          openTasks: open,
          attachments: await caseAttachments(db, view.id),
        },
        200,
      );
    })
    .openapi(routes.applicationForm, async (c) => {
      const actor = c.get('actor');
      const found = await find(actor, c.req.valid('param').id);
      const files = await attachmentsOfCase(db, found.view.id);
      const pdf = await renderApplicationForm(found.view, files, { by: actor.displayName, at: new Date() });
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="application-form-${encodeURIComponent(found.view.id)}.pdf"`,
      });
    })
    .openapi(routes.edit, async (c) => {
      const actor = c.get('actor');
      const { view, handle } = await find(actor, c.req.valid('param').id);
      const changes = c.req.valid('json');
      await checkEvidence(db, view.id, changes.evidence);
      return c.json(
        await sendUpdate(temporal, handle, editApplication, [{ actor, changes }], c.get('idempotencyKey')),
        200,
      );
    })
    .openapi(routes.submit, async (c) => {
      const actor = c.get('actor');
      const { handle } = await find(actor, c.req.valid('param').id);
      return c.json(await sendUpdate(temporal, handle, submitApplication, [{ actor }], c.get('idempotencyKey')), 200);
    })
    .openapi(routes.withdraw, async (c) => {
      const actor = c.get('actor');
      const { handle } = await find(actor, c.req.valid('param').id);
      const { comment } = await optionalComment(c);
      return c.json(
        await sendUpdate(temporal, handle, withdrawApplication, [{ actor, comment }], c.get('idempotencyKey')),
        200,
      );
    })
    .openapi(routes.recall, async (c) => {
      const actor = c.get('actor');
      const { handle } = await find(actor, c.req.valid('param').id);
      const { comment } = await optionalComment(c);
      return c.json(
        await sendUpdate(temporal, handle, recallApplication, [{ actor, comment }], c.get('idempotencyKey')),
        200,
      );
    })
    .openapi(routes.history, async (c) => {
      const { view, workflow_id, run_id } = await find(c.get('actor'), c.req.valid('param').id);
      return c.json(
        await caseHistory(deps, c.get('actor'), {
          caseType: 'admission',
          caseId: view.id,
          workflowId: workflow_id,
          runId: run_id,
        }),
        200,
      );
    })
    .route(
      '/',
      caseExtraRoutes(deps, {
        caseType: 'admission',
        tag: 'applications',
        kind: '分中心申报',
        find: async (actor, id) => {
          const { view, workflow_id } = await find(actor, id);
          // each expert's score once the panel has decided, and its mean, for those who may read them
          const mean = await expertMeanFor(db, actor, view);
          const scores = expertsSealedFrom(actor) || view.status === 'expert_review' ? [] : view.expertScores;
          return {
            id: view.id,
            workflowId: workflow_id,
            open: !TERMINAL_STATUSES.includes(view.status),
            title: view.orgName,
            fields: [
              ['统一社会信用代码', view.creditCode],
              ['地市', view.city],
              ['体系', view.system === 'financial' ? '金融服务体系' : '科技服务体系'],
              ['申报编号', view.id],
              ...(scores.length
                ? ([['专家评分', scores.map((s) => `${s.expert} ${s.score}`).join('；')]] as [string, string][])
                : []),
              ...(mean !== null ? ([['专家评审均分', String(mean)]] as [string, string][]) : []),
            ],
          };
        },
      }),
    );
}
