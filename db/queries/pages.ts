/**
 * A page of any list (react-admin's simple REST dialect, read by api/listing.ts): filter, sort and
 * range applied to a base query, with the list's total counted up to a cap.
 */
/* biome-ignore-all lint/suspicious/noExplicitAny: a page of any table's rows */
import { type SelectQueryBuilder, sql } from 'kysely';
import { DomainError } from '../../domain/errors.js';
import { say } from '../../domain/messages.js';

/** What a page asks: `filter` by field, `sort` [field, order], `range` [first, last]. */
export interface PageRequest {
  filter?: Record<string, unknown>;
  sort?: [string, string];
  range?: [number, number];
}

export interface ListSpec {
  resource: string;
  /** API field → SQL column, for sorting and plain equality filters. */
  columns: Record<string, string>;
  /** Filters that are not plain equality (search text, booleans on dates…). */
  customFilters?: Record<
    string,
    (qb: SelectQueryBuilder<any, any, any>, value: unknown) => SelectQueryBuilder<any, any, any>
  >;
  defaultSort: [string, 'ASC' | 'DESC'];
  /**
   * A column that orders a sort before its own field, largest first (the inbox: priority before
   * the due date); the reverse for a descending sort, so that is the exact reverse list.
   */
  firstBy?: Record<string, string>;
  /**
   * Count the total in the list's order: for lists that are usually long (a province-wide queue),
   * where an index walk in that order finds TOTAL_CAP + 1 rows and stops, instead of collecting
   * every match first (bench:inbox at 1,000,000 tasks: 18 → ~4 ms). A short list in a big table
   * (a city's queue) is counted faster without (its matches are few, the walk would be long).
   */
  countInOrder?: boolean;
}

const MAX_PAGE = 500;

/** The rows a request asks for (`range`, first to last, 25 by default), refused when past MAX_PAGE or backwards. */
export function pageRange(query: PageRequest): { start: number; end: number } {
  const [start, end] = query.range ?? [0, 24];
  if (end < start || end - start >= MAX_PAGE)
    throw new DomainError('validation', say('badRange'), {
      range: say('pageRange', MAX_PAGE),
    });
  return { start, end };
}
/** Totals are exact up to this many rows; a longer list answers TOTAL_CAP + 1 with `X-Total-Exact: false`. */
export const TOTAL_CAP = 1000;

/** The column of a page's rows that carries the list's total (removed before the rows are answered). */
export const TOTAL_COLUMN = 'kejin_list_total';

/**
 * The queries of a page (filter, sort and range applied to `base`): its rows, each carrying the
 * list's total counted up to TOTAL_CAP + 1 (one round trip, one count instead of up to 1,001 rows
 * to read), and the capped list alone, counted for a page past its end.
 */
export function pageQueries(base: SelectQueryBuilder<any, any, any>, query: PageRequest, spec: ListSpec) {
  let qb = base;
  for (const [field, value] of Object.entries(query.filter ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    // own keys only: `toString`, `__proto__` and the like are unknown fields, not inherited functions
    const custom =
      spec.customFilters && Object.hasOwn(spec.customFilters, field) ? spec.customFilters[field] : undefined;
    if (custom) qb = custom(qb, value);
    else if (Object.hasOwn(spec.columns, field))
      qb = Array.isArray(value)
        ? qb.where(sql.ref(spec.columns[field]!), 'in', value.length ? value : [null])
        : qb.where(sql.ref(spec.columns[field]!), '=', value);
    else
      throw new DomainError('validation', say('unknownFilter', field), {
        filter: say('unknownField', field),
      });
  }
  const [sortField, sortOrder] = query.sort ?? spec.defaultSort;
  const sortColumn = Object.hasOwn(spec.columns, sortField) ? spec.columns[sortField] : undefined;
  if (!sortColumn)
    throw new DomainError('validation', say('cannotSortBy', sortField), {
      sort: say('unknownField', sortField),
    });
  const { start, end } = pageRange(query);
  const direction = sortOrder.toLowerCase() as 'asc' | 'desc';
  const idColumn = spec.columns.id ?? 'id';
  const first = spec.firstBy && Object.hasOwn(spec.firstBy, sortField) ? spec.firstBy[sortField] : undefined;
  const ordered = <Q extends SelectQueryBuilder<any, any, any>>(q: Q): Q =>
    (first ? q.orderBy(sql.ref(first), direction === 'asc' ? 'desc' : 'asc') : q)
      .orderBy(sql.ref(sortColumn), direction)
      .orderBy(sql.ref(idColumn), direction) as Q;
  // counted up to TOTAL_CAP + 1 rows: exact for any list a person works through, cheap for a huge one
  const capped = qb
    .clearSelect()
    .select(sql<number>`1`.as('one'))
    .$if(spec.countInOrder === true, ordered)
    .limit(TOTAL_CAP + 1);
  return {
    start,
    rows: ordered(
      qb.select((eb) => eb.selectFrom(capped.as('capped')).select(sql<number>`count(*)::int`.as('n')).as(TOTAL_COLUMN)),
    )
      .offset(start)
      .limit(end - start + 1),
    capped,
  };
}
