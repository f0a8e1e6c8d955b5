import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.js';
import { recordAdminChange } from '../adminAudit.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { json, security } from '../openapi.js';
import { allow } from '../policy.js';
import { validationHook } from '../validation.js';

const day = z.string().date();
export const CalendarYear = z.object({
  year: z.number().int(),
  holidays: z.array(day).describe('public holidays (days off)'),
  adjustedWorkdays: z.array(day).describe('weekend days that are working days (调休)'),
  source: z.string().trim().min(1).max(500).describe('the State Council notice'),
});
const CalendarInput = CalendarYear.omit({ year: true });
const YearParam = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2020)
    .max(2100)
    .openapi({ param: { name: 'year', in: 'path' } }),
});

/**
 * The working-day calendar (DOMAIN §8): the State Council publishes each year's holidays every
 * November and an administrator enters them here; deadlines computed after that use them.
 */
export function calendarRoutes({ db }: ApiDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['calendar'],
        summary: 'The years of the working-day calendar',
        security,
        responses: { 200: { description: 'years', ...json(z.array(CalendarYear)) } },
      }),
      async (c) => {
        const rows = await db.selectFrom('workday_calendar').selectAll().orderBy('year').execute();
        c.header('Content-Range', `calendar 0-${Math.max(0, rows.length - 1)}/${rows.length}`);
        return c.json(
          rows.map((r) => ({
            year: r.year,
            holidays: r.holidays,
            adjustedWorkdays: r.adjusted_workdays,
            source: r.source,
          })),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        middleware: [allow('admin')],
        method: 'put',
        path: '/{year}',
        tags: ['calendar'],
        summary: 'Enter or correct a year (administrator)',
        security,
        request: { params: YearParam, body: { ...json(CalendarInput), required: true } },
        responses: {
          200: { description: 'the year', ...json(CalendarYear) },
          403: { description: 'administrators only' },
          422: { description: 'a date outside the year' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const { year } = c.req.valid('param');
        const input = c.req.valid('json');
        const outside = [...input.holidays, ...input.adjustedWorkdays].filter((d) => !d.startsWith(`${year}-`));
        if (outside.length)
          throw new DomainError('validation', `日期不在 ${year} 年内 (dates outside ${year})`, {
            holidays: outside.join(', '),
          });
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('workday_calendar')
            .values({
              year,
              holidays: JSON.stringify(input.holidays),
              adjusted_workdays: JSON.stringify(input.adjustedWorkdays),
              source: input.source,
            })
            .onConflict((oc) =>
              oc.column('year').doUpdateSet({
                holidays: JSON.stringify(input.holidays),
                adjusted_workdays: JSON.stringify(input.adjustedWorkdays),
                source: input.source,
              }),
            )
            .execute();
          await recordAdminChange(trx, actor, {
            caseType: 'calendar',
            caseId: String(year),
            action: 'calendar.year_set',
            comment: input.source,
            data: { holidays: input.holidays.length, adjustedWorkdays: input.adjustedWorkdays.length },
          });
        });
        return c.json({ year, ...input }, 200);
      },
    );
}
