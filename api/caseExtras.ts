/**
 * What every case resource offers besides list / read / history: the forecast of the steps
 * ahead (流程预测) and the printable approval sheet (审批单, PDF). Mounted under applications,
 * evaluations, revocations, competition tasks and payouts alike.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { decidedTasks, lastAuditHash, opinionsGiven } from '../db/queries/approvalSheet.js';
import { loadCalendar } from '../db/queries/calendar.js';
import { displayNames, expertsAmong } from '../db/queries/users.js';
import { forecastDates, stepLabel } from '../domain/approval.js';
import type { Actor } from '../domain/roles.js';
import { caseForecast } from '../workflows/approvalUpdates.js';
import { recordAdminChange } from './adminAudit.js';
import { renderApprovalSheet, type SheetRow } from './approvalSheet.js';
import type { ApiDeps, AppEnv } from './context.js';
import { IdParam, security } from './openapi.js';
import { demoSigner, signPdf } from './pdfSignature.js';
import { expertsSealedFrom, SEALED_EXPERT } from './policy.js';

export interface CaseRef {
  id: string;
  workflowId: string;
  /** Still running: a closed case has nothing ahead. */
  open: boolean;
  title: string;
  fields: [string, string][];
}
export interface CaseExtrasSpec {
  caseType: string;
  tag: string;
  /** The case's kind in Chinese, for the sheet's heading (e.g. 分中心申报). */
  kind: string;
  /** Finds a case the actor may read (404 otherwise). */
  find(actor: Actor, id: string): Promise<CaseRef>;
}

export const ForecastEntry = z.object({
  step: z.string(),
  label: z.object({ zh: z.string(), en: z.string() }),
  mode: z.enum(['single', 'all', 'any', 'sequence']),
  reviewers: z.union([
    z.object({
      users: z.array(z.string()).describe('usernames'),
      names: z.array(z.string()).describe('their names, in the same order (a person reads these)'),
    }),
    z.object({ role: z.string(), city: z.string().nullable(), count: z.number() }),
  ]),
  workingDays: z.number(),
  dueAt: z.string().describe('expected due date (ISO), from the SLA and the working-day calendar'),
  current: z.boolean().describe('the step in progress'),
});

export function caseExtraRoutes(deps: ApiDeps, spec: CaseExtrasSpec): OpenAPIHono<AppEnv> {
  const { db, temporal } = deps;
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/forecast',
        tags: [spec.tag],
        security,
        request: { params: IdParam },
        summary:
          '流程预测: the steps still ahead, who will act and the expected due dates (working days, Asia/Shanghai)',
        responses: {
          200: {
            description: 'the steps ahead, in order',
            content: { 'application/json': { schema: z.array(ForecastEntry) } },
          },
          404: { description: 'not found or not visible' },
        },
      }),
      async (c) => {
        const ref = await spec.find(c.get('actor'), c.req.valid('param').id);
        if (!ref.open) return c.json([], 200);
        const steps = await temporal.workflow.getHandle(ref.workflowId).query(caseForecast);
        const dated = forecastDates(steps, new Date(), await loadCalendar(db));
        const named = dated.flatMap((s) => ('users' in s.reviewers ? s.reviewers.users : []));
        const names = await displayNames(db, named);
        // an applicant is not told which experts will score it
        const sealed = expertsSealedFrom(c.get('actor')) ? await expertsAmong(db, named) : new Set<string>();
        const shown = (u: string) => (sealed.has(u) ? SEALED_EXPERT : (names.get(u) ?? u));
        return c.json(
          dated.map((s, i) => ({
            ...s,
            reviewers:
              'users' in s.reviewers
                ? {
                    users: s.reviewers.users.map((u) => (sealed.has(u) ? '' : u)),
                    names: s.reviewers.users.map(shown),
                  }
                : s.reviewers,
            label: stepLabel(s.step),
            current: Boolean(steps[i]!.dueAt),
          })),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/approval-sheet.pdf',
        tags: [spec.tag],
        security,
        request: { params: IdParam },
        summary:
          '审批单: the printable approval sheet (PDF), digitally signed (ETSI.CAdES.detached); printing is recorded in the audit trail',
        responses: {
          200: {
            description: 'the PDF',
            content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
          },
          404: { description: 'not found or not visible' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const ref = await spec.find(actor, c.req.valid('param').id);
        const [tasks, opinions, lastHash] = await Promise.all([
          decidedTasks(db, spec.caseType, ref.id),
          opinionsGiven(db, spec.caseType, ref.id),
          lastAuditHash(db, spec.caseType, ref.id),
        ]);
        // an applicant's sheet says a panel decided, not who scored what (`expertsSealedFrom`)
        const sealed = (t: { reviewer_roles: string[] | null }) =>
          expertsSealedFrom(actor) && (t.reviewer_roles ?? []).includes('expert');
        const rows: SheetRow[] = [
          ...tasks.map((t) => ({
            step: t.step,
            reviewer: sealed(t) ? SEALED_EXPERT : (t.reviewer ?? t.completed_by ?? '系统'),
            actingFor: sealed(t) ? null : t.principal,
            decision: t.decision ?? '',
            opinion: sealed(t) ? '' : (t.comment ?? ''),
            at: new Date(t.completed_at!),
            signature: t.signed && !sealed(t) ? t.signature : null,
          })),
          ...opinions.map((o) => ({
            step: String(o.data.step ?? ''),
            reviewer: o.actor_name,
            actingFor: null,
            decision: 'opinion',
            opinion: o.comment ?? '',
            at: new Date(o.at),
            signature: null,
          })),
        ].sort((a, b) => a.at.getTime() - b.at.getTime());
        const sheet = await renderApprovalSheet({
          kind: spec.kind,
          title: ref.title,
          fields: ref.fields,
          rows,
          lastAuditHash: lastHash,
          printedBy: actor.displayName,
          printedAt: new Date(),
        });
        // signed, so a reader shows whether it was changed since (none configured in production: unsigned)
        const pdf = deps.signer === null ? sheet : await signPdf(sheet, deps.signer ?? demoSigner(), '审批单');
        await db.transaction().execute((trx) =>
          recordAdminChange(trx, actor, {
            caseType: spec.caseType,
            caseId: ref.id,
            action: 'case.sheet_printed',
            data: { lastAuditHash: lastHash },
          }),
        );
        return c.body(new Uint8Array(pdf), 200, {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `inline; filename="approval-sheet-${encodeURIComponent(ref.id)}.pdf"`,
        });
      },
    );
}
