import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { networkCounts } from '../../db/queries/stats.js';
import { GUANGDONG_CITIES } from '../../domain/cities.js';
import type { ApiDeps, AppEnv } from '../context.js';

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
