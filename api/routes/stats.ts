import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
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
      const roster = await db
        .selectFrom('sub_centers')
        .select(['city', 'system', sql<string>`count(*)`.as('n')])
        .where('status', '=', 'active')
        .groupBy(['city', 'system'])
        .execute();
      const statuses = await db
        .selectFrom('applications')
        .select(['status', sql<string>`count(*)`.as('n')])
        .groupBy('status')
        .execute();
      const tasks = await db
        .selectFrom('tasks')
        .select([sql<string>`count(*)`.as('open'), sql<string>`count(*) filter (where due_at < now())`.as('overdue')])
        .where('status', '=', 'open')
        .executeTakeFirstOrThrow();
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
