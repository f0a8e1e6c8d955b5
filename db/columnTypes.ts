import type { ColumnType } from 'kysely';

/** A timestamp column: read as a Date, written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A column PostgreSQL fills on insert and nobody updates. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
