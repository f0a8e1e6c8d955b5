import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { calendarVersions, calendarYears, publishCalendarYear } from '../../db/queries/calendar.js';
import { DomainError } from '../../domain/errors.js';
import { holidayPeriods, officialYearProblems } from '../../domain/holidays.js';
import { say } from '../../domain/messages.js';
import { FESTIVALS, shanghaiDate } from '../../domain/workdays.js';
import { recordAdminChange } from '../adminAudit.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { json, security } from '../openapi.js';
import { validationHook } from '../validation.js';

const day = z.string().date();
export const CalendarYear = z.object({
  year: z.number().int(),
  status: z
    .enum(['official', 'provisional'])
    .describe('official: from the notice; provisional (暂定): statutory rules'),
  holidays: z.array(day).describe('public holidays (days off)'),
  adjustedWorkdays: z.array(day).describe('weekend days that are working days (调休)'),
  periods: z
    .array(
      z.object({
        festival: z.enum(FESTIVALS).nullable(),
        from: day,
        to: day,
        days: z.number().int(),
      }),
    )
    .describe('the holidays as runs of days off, each named by its festival'),
  source: z.string().nullable().describe('the State Council notice'),
  version: z.number().int().nullable(),
  reason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string().nullable(),
});
const CalendarInput = z.object({
  holidays: z.array(day).max(400).describe('public holidays (days off)'),
  adjustedWorkdays: z.array(day).max(400).describe('weekend days that are working days (调休)'),
  source: z.string().trim().min(1).max(500).describe('the State Council notice'),
  reason: z.string().trim().min(1, say('sayWhy')).max(2000).describe('why this version'),
});
const YearParam = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .openapi({ param: { name: 'year', in: 'path' } }),
});
const withPeriods = <T extends { year: number; holidays: string[] }>(y: T) => ({
  ...y,
  periods: holidayPeriods(y.year, y.holidays),
});

/**
 * The working-day calendar (DOMAIN §8), a rule versioned like the rule sets: the State Council
 * publishes each year's holidays in November and an administrator enters them here, checked
 * against the statutory holidays; a year not entered yet is provisional (暂定), computed from the
 * statutory rules, never plain Monday–Friday.
 */
export function calendarRoutes({ db }: ApiDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['calendar'],
        summary: 'The years of the working-day calendar: every entered year, this year and next',
        security,
        responses: { 200: { description: 'years', ...json(z.array(CalendarYear)) } },
      }),
      async (c) => {
        const years = (await calendarYears(db)).map(withPeriods);
        c.header('Content-Range', `calendar 0-${Math.max(0, years.length - 1)}/${years.length}`);
        return c.json(years, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{year}/versions',
        tags: ['calendar'],
        summary: "Every version of a year's calendar, newest first",
        security,
        request: { params: YearParam },
        responses: {
          200: { description: 'versions', ...json(z.array(CalendarYear)) },
          403: { description: say('notPermittedForThisRole') },
          422: { description: 'not a year' },
        },
      }),
      async (c) => {
        const versions = (await calendarVersions(db, c.req.valid('param').year)).map(withPeriods);
        c.header('Content-Range', `calendar 0-${Math.max(0, versions.length - 1)}/${versions.length}`);
        return c.json(versions, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{year}',
        tags: ['calendar'],
        summary: "Enter a new version of a year's calendar from the State Council's notice (administrator)",
        security,
        request: { params: YearParam, body: { ...json(CalendarInput), required: true } },
        responses: {
          200: { description: 'the year as now in force', ...json(CalendarYear) },
          403: { description: 'administrators only' },
          422: { description: 'not a plausible calendar of that year, or no change' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const { year } = c.req.valid('param');
        const input = c.req.valid('json');
        const problems = officialYearProblems(year, input, shanghaiDate(new Date()));
        if (Object.keys(problems).length) throw new DomainError('validation', say('notACalendarOf', year), problems);
        const published = await db.transaction().execute(async (trx) => {
          const entered = await publishCalendarYear(trx, { year, ...input, createdBy: actor.username });
          if (!entered) return null;
          await recordAdminChange(trx, actor, {
            caseType: 'calendar',
            caseId: String(year),
            action: 'calendar.year_set',
            comment: input.reason,
            data: {
              version: entered.version,
              source: input.source,
              holidays: input.holidays.length,
              adjustedWorkdays: input.adjustedWorkdays.length,
            },
          });
          return entered;
        });
        if (!published)
          throw new DomainError('validation', say('sameAsVersionInForce'), {
            holidays: say('noChange'),
          });
        const [current] = await calendarVersions(db, year);
        return c.json(withPeriods(current!), 200);
      },
    );
}
