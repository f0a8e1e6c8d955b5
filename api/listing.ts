/**
 * react-admin's simple REST dialect: `sort=["field","ASC"]`, `range=[0,24]`, `filter={...}`,
 * answered with a JSON array and `Content-Range: <resource> 0-24/319`.
 */

import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { SelectQueryBuilder } from 'kysely';
import { type ListSpec, pageQueries, TOTAL_CAP, TOTAL_COLUMN } from '../db/queries/pages.js';
import { TOTAL_EXACT_HEADER } from '../domain/headers.js';
import { say } from '../domain/messages.js';
import { hostileTextRefusal } from './inputGuard.js';

const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: say('mustBeJson') });
        return z.NEVER;
      }
      if (hostileTextRefusal(value)) {
        ctx.addIssue({ code: 'custom', message: say('characterThatIsNotAllowed') });
        return z.NEVER;
      }
      return value;
    })
    .pipe(schema);

export const ListQuery = z.object({
  sort: json(z.tuple([z.string(), z.enum(['ASC', 'DESC', 'asc', 'desc'])]))
    .optional()
    .openapi({ example: '["createdAt","DESC"]' }),
  range: json(z.tuple([z.number().int().min(0), z.number().int().min(0)]))
    .optional()
    .openapi({ example: '[0,24]' }),
  filter: json(z.record(z.string(), z.unknown())).optional().openapi({ example: '{"status":"municipal_review"}' }),
});
export type ListQuery = z.infer<typeof ListQuery>;

/** Applies filter, sort and range to `base`, sets Content-Range, and returns the page's rows. */
export async function listPage<Row>(
  c: Context,
  base: SelectQueryBuilder<any, any, Row>,
  query: ListQuery,
  spec: ListSpec,
): Promise<Row[]> {
  const page = pageQueries(base, query, spec);
  const found = (await page.rows.execute()) as Record<string, unknown>[];
  const count = found.length ? Number(found[0]![TOTAL_COLUMN]) : (await page.capped.execute()).length;
  const rows = found.map(({ [TOTAL_COLUMN]: _, ...row }) => row);
  answerRange(c, spec.resource, page.start, rows.length, count);
  return rows as Row[];
}

/** The headers of a page: `Content-Range` with the total, which is a lower bound past TOTAL_CAP. */
export function answerRange(c: Context, resource: string, start: number, rows: number, count: number) {
  c.header('Content-Range', rows ? `${resource} ${start}-${start + rows - 1}/${count}` : `${resource} */${count}`);
  if (count > TOTAL_CAP) c.header(TOTAL_EXACT_HEADER, 'false');
}
