import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  casesByState,
  networkCounts,
  objectionsByNotice,
  overdueByReviewers,
  overdueBySteps,
  stepTimes,
} from '../../db/queries/stats.js';
import { GUANGDONG_CITIES } from '../../domain/cities.js';
import { say } from '../../domain/messages.js';
import { shanghaiDate } from '../../domain/workdays.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { json, security } from '../openapi.js';
import { validationHook } from '../validation.js';

export const NetworkSummary = z.object({
  rosterByCity: z.array(z.object({ city: z.string(), tech_service: z.number(), financial: z.number() })),
  applicationsByStatus: z.array(z.object({ status: z.string(), count: z.number() })),
  openTasks: z.number(),
  overdueTasks: z.number(),
});

/** The network at a glance for the dashboard: roster by city and system, cases by status, task load. */
export function statsRoutes({ db }: ApiDeps) {
  return new OpenAPIHono<AppEnv>().openapi(
    createRoute({
      method: 'get',
      path: '/network',
      tags: ['stats'],
      summary: 'Roster by city and system, applications by status, task load',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'the summary', content: { 'application/json': { schema: NetworkSummary } } } },
    }),
    async (c) => {
      const [roster, statuses, tasks] = await networkCounts(db);
      const count = (city: string, system: string) =>
        Number(roster.find((r) => r.city === city && r.system === system)?.n ?? 0);
      return c.json(
        {
          rosterByCity: GUANGDONG_CITIES.map((city) => ({
            city,
            tech_service: count(city, 'tech_service'),
            financial: count(city, 'financial'),
          })),
          applicationsByStatus: statuses.map((s) => ({ status: s.status, count: Number(s.n) })),
          openTasks: Number(tasks.open),
          overdueTasks: Number(tasks.overdue),
        },
        200,
      );
    },
  );
}

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : 0);
const oneDecimal = (n: number | null) => (n === null ? null : Math.round(Number(n) * 10) / 10);

export const OfficeFigures = z.object({
  year: z.number(),
  stepTimes: z.array(
    z.object({
      caseType: z.string(),
      step: z.string(),
      tasks: z.number(),
      medianDays: z.number().nullable(),
      p90Days: z.number().nullable(),
    }),
  ),
  overdueBySteps: z.array(
    z.object({ caseType: z.string(), step: z.string(), tasks: z.number(), overdue: z.number(), rate: z.number() }),
  ),
  overdueByReviewers: z.array(
    z.object({ reviewer: z.string(), tasks: z.number(), overdue: z.number(), rate: z.number() }),
  ),
  casesByState: z.array(z.object({ caseType: z.string(), status: z.string(), cases: z.number() })),
  objectionsByNotice: z.array(
    z.object({
      title: z.string(),
      kind: z.string(),
      startsAt: z.string(),
      objections: z.number(),
      upheld: z.number(),
      dismissed: z.number(),
      pending: z.number(),
    }),
  ),
});

/**
 * The review office's figures for a year (统计): time per step (median and 90th percentile, in
 * days), the overdue rate by step and by reviewer, cases in each state, objections per notice and
 * their outcome; narrowed to a process and a city. The console draws each as a chart beside its
 * table and exports the same rows.
 */
export function officeStatsRoute({ db }: ApiDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
    createRoute({
      method: 'get',
      path: '/office',
      tags: ['stats'],
      summary: "The review office's figures of a year: time per step, overdue rates, cases by state, objections",
      security,
      request: {
        query: z.object({
          year: z.coerce
            .number()
            .int()
            .min(2015)
            .max(2100)
            .default(() => Number(shanghaiDate(new Date()).slice(0, 4)))
            .describe('default: this year in Asia/Shanghai'),
          caseType: z
            .enum(['admission', 'evaluation_round', 'evaluation', 'revocation', 'payout', 'competition'])
            .optional(),
          city: z.enum(GUANGDONG_CITIES as unknown as [string, ...string[]]).optional(),
        }),
      },
      responses: {
        200: { description: 'the figures', ...json(OfficeFigures) },
        403: { description: say('notPermittedForThisRole') },
        422: { description: 'a year outside 2015–2100, an unknown process or city' },
      },
    }),
    async (c) => {
      const filter = c.req.valid('query');
      const [times, steps, reviewers, states, notices] = await Promise.all([
        stepTimes(db, filter),
        overdueBySteps(db, filter),
        overdueByReviewers(db, filter),
        casesByState(db),
        objectionsByNotice(db, filter),
      ]);
      return c.json(
        {
          year: filter.year,
          stepTimes: times.map((r) => ({
            caseType: r.case_type,
            step: r.step,
            tasks: Number(r.n),
            medianDays: oneDecimal(r.median),
            p90Days: oneDecimal(r.p90),
          })),
          overdueBySteps: steps.map((r) => ({
            caseType: r.case_type,
            step: r.step,
            tasks: Number(r.n),
            overdue: Number(r.overdue),
            rate: rate(Number(r.overdue), Number(r.n)),
          })),
          overdueByReviewers: reviewers.map((r) => ({
            reviewer: r.reviewer,
            tasks: Number(r.n),
            overdue: Number(r.overdue),
            rate: rate(Number(r.overdue), Number(r.n)),
          })),
          casesByState: states
            .filter((r) => filter.caseType === undefined || r.case_type === filter.caseType)
            .map((r) => ({ caseType: r.case_type, status: r.status, cases: Number(r.n) })),
          objectionsByNotice: notices.map((r) => ({
            title: r.title,
            kind: r.kind,
            startsAt: new Date(r.starts_at).toISOString(),
            objections: Number(r.objections),
            upheld: Number(r.upheld),
            dismissed: Number(r.dismissed),
            pending: Number(r.objections) - Number(r.upheld) - Number(r.dismissed),
          })),
        },
        200,
      );
    },
  );
}
