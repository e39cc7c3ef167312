import { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';

/**
 * The few SQL spellings that differ between SQLite and PostgreSQL, for the
 * metrics that must be computed in the database (durations, percentiles).
 * SQLite keeps DateTime as ISO text, so times are compared as julian days;
 * PostgreSQL as timestamps in UTC.
 */
export interface SqlDialect {
  /** A timestamp parameter, comparable with `time(column)`. */
  at(iso: string): Prisma.Sql;
  /** A DateTime column, comparable with `at(...)`. */
  time(column: Prisma.Sql): Prisma.Sql;
  /** Seconds from `start` to `end` (both columns or `at(...)`). */
  seconds(end: Prisma.Sql, start: Prisma.Sql): Prisma.Sql;
  /** Whole `size`-second periods since 1970 of a DateTime column (an integer: the time series' fine buckets). */
  period(column: Prisma.Sql, size: number): Prisma.Sql;
}

const sqlite: SqlDialect = {
  at: (iso) => Prisma.sql`julianday(${iso})`,
  time: (column) => Prisma.sql`julianday(${column})`,
  seconds: (end, start) => Prisma.sql`((julianday(${end}) - julianday(${start})) * 86400.0)`,
  // Whole seconds, no floating point: a chat at 00:00:00.000 stays in the period that starts then.
  period: (column, size) => Prisma.sql`(CAST(strftime('%s', ${column}) AS INTEGER) / ${Prisma.raw(String(size))})`,
};

const postgresql: SqlDialect = {
  // A zone in the literal is ignored by a cast to TIMESTAMP, and Prisma keeps UTC there.
  at: (iso) => Prisma.sql`CAST(${iso} AS TIMESTAMP)`,
  time: (column) => column,
  seconds: (end, start) => Prisma.sql`EXTRACT(EPOCH FROM (${end} - ${start}))`,
  period: (column, size) => Prisma.sql`FLOOR(EXTRACT(EPOCH FROM ${column}) / ${Prisma.raw(String(size))})`,
};

/** The client's provider, as Prisma records it on the client (no public accessor exists). */
export function dialectOf(db: Db): SqlDialect {
  const provider = (db as unknown as { _activeProvider?: string })._activeProvider;
  return provider === 'postgresql' ? postgresql : sqlite;
}
