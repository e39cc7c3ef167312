import { z } from 'zod';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import { HttpError } from '../http/httpError';
import { PRIORITIES } from '../../workflows/types';
import { SLA_FIRST_HUMAN_REPLY_SECONDS } from './sla';
import { dialectOf } from './sqlDialect';

export const SERIES_METRICS = ['chats', 'firstResponse', 'resolution', 'csat', 'slaMet'] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];
export const SERIES_INTERVALS = ['hour', 'day'] as const;
export type SeriesInterval = (typeof SERIES_INTERVALS)[number];
/** At most this many points in one answer; a longer window at this interval is a 400. */
export const MAX_SERIES_POINTS = 1000;

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/**
 * The database groups chats by this many seconds (every time zone's offset is
 * a whole number of quarter hours), and Node adds those up into the zone's
 * hours or days: a day in São Paulo is not a UTC day, and DST days are 23 or
 * 25 hours long.
 */
const FINE_SECONDS = 15 * 60;

export const SeriesQuery = z
  .object({
    metric: z.enum(SERIES_METRICS),
    interval: z.enum(SERIES_INTERVALS).default('day'),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    channelId: z.string().min(1).max(128).optional(),
    department: z.string().trim().min(1).max(100).optional(),
    attendantId: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || new Date(q.from) < new Date(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });
export type SeriesQuery = z.infer<typeof SeriesQuery>;

export interface SeriesPoint {
  /** The bucket's start (UTC, ISO 8601): a local hour or midnight of the company's time zone. */
  t: string;
  /** `chats`: the count; durations: mean seconds; `csat`: mean rating 1–5; `slaMet`: share 0–1. Null with no chat. */
  value: number | null;
  /** How many chats the value is made of. */
  count: number;
}

/** The local wall clock of `at` in `timeZone`, as if it were UTC (ms). */
function wallClock(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) + (at % 1000);
}

/** The instant whose wall clock in `timeZone` is `wall` (the earlier one when a DST change repeats it). */
function instantOf(wall: number, timeZone: string): number {
  let guess = wall;
  for (let i = 0; i < 3; i++) guess = wall - (wallClock(guess, timeZone) - guess);
  return guess;
}

/**
 * The buckets' starts covering [from, to): local hours or local midnights of
 * `timeZone`, the first one at or before `from`. Null when there would be
 * more than `max`.
 */
export function bucketStarts(
  from: Date,
  to: Date,
  interval: SeriesInterval,
  timeZone: string,
  max = MAX_SERIES_POINTS,
): number[] | null {
  const starts: number[] = [];
  const wall = wallClock(from.getTime(), timeZone);
  if (interval === 'hour') {
    // A local hour starts where the wall clock shows :00:00.
    let t = from.getTime() - (wall % HOUR_MS);
    while (t < to.getTime()) {
      if (starts.length === max) return null;
      starts.push(t);
      t += HOUR_MS;
    }
    return starts;
  }
  let day = wall - (wall % DAY_MS);
  for (;;) {
    const t = instantOf(day, timeZone);
    if (t >= to.getTime()) return starts;
    if (starts.length === max) return null;
    starts.push(t);
    day += DAY_MS;
  }
}

/**
 * One figure per hour or day of the company's time zone (docs/api.md
 * "Figures over time"). The database counts and sums per quarter hour; the
 * buckets are filled here, empty ones included.
 */
export async function metricSeries(db: Db, query: SeriesQuery, timeZone: string, now = new Date()) {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from
    ? new Date(query.from)
    : new Date(to.getTime() - (query.interval === 'hour' ? DAY_MS : 30 * DAY_MS));
  const starts = bucketStarts(from, to, query.interval, timeZone);
  if (!starts) {
    const message = `from..to holds more than ${MAX_SERIES_POINTS} ${query.interval}s: narrow the window or use a longer interval`;
    throw new HttpError(400, 'invalid_request', `query.to: ${message}`, [{ path: 'query.to', message }]);
  }
  const rows = await fineRows(db, query, from, to, now);
  const count = starts.map(() => 0);
  const sum = starts.map(() => 0);
  for (const row of rows) {
    const at = Number(row.b) * FINE_SECONDS * 1000;
    // The last bucket starting at or before this quarter hour.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    count[lo]! += Number(row.n);
    sum[lo]! += Number(row.s ?? 0);
  }
  const points: SeriesPoint[] = starts.map((t, i) => ({
    t: new Date(t).toISOString(),
    value: valueOf(query.metric, count[i]!, sum[i]!),
    count: count[i]!,
  }));
  return {
    metric: query.metric,
    interval: query.interval,
    from: from.toISOString(),
    to: to.toISOString(),
    timeZone,
    points,
  };
}

function valueOf(metric: SeriesMetric, count: number, sum: number): number | null {
  if (metric === 'chats') return count;
  if (count === 0) return null;
  const mean = sum / count;
  if (metric === 'slaMet') return Math.round(mean * 10000) / 10000;
  if (metric === 'csat') return Math.round(mean * 100) / 100;
  return Math.round(mean * 10) / 10;
}

interface FineRow {
  b: unknown;
  n: unknown;
  s: unknown;
}

/** Count and sum per quarter hour of the chats the metric reads, by the time it reads them at. */
async function fineRows(db: Db, query: SeriesQuery, from: Date, to: Date, now: Date): Promise<FineRow[]> {
  const sql = dialectOf(db);
  const chatFilter = Prisma.sql`${query.channelId ? Prisma.sql`AND c."channelId" = ${query.channelId}` : Prisma.empty}
    ${query.department ? Prisma.sql`AND c."department" = ${query.department}` : Prisma.empty}
    ${query.attendantId ? Prisma.sql`AND c."attendantId" = ${query.attendantId}` : Prisma.empty}`;
  const within = (column: Prisma.Sql) =>
    Prisma.sql`${sql.time(column)} >= ${sql.at(from.toISOString())} AND ${sql.time(column)} < ${sql.at(to.toISOString())} ${chatFilter}`;
  const grouped = (source: Prisma.Sql) => db.$queryRaw<FineRow[]>`
    SELECT ${sql.period(Prisma.sql`x.t`, FINE_SECONDS)} AS b, COUNT(*) AS n, SUM(x.v) AS s
    FROM (${source}) x GROUP BY 1`;
  const started = Prisma.sql`c."startedAt"`;
  const closed = Prisma.sql`c."closedAt"`;
  switch (query.metric) {
    case 'chats':
      return grouped(Prisma.sql`SELECT c."startedAt" AS t, 1 AS v FROM "Chat" c WHERE ${within(started)}`);
    case 'firstResponse':
      return grouped(Prisma.sql`SELECT c."startedAt" AS t, ${sql.seconds(Prisma.sql`c."firstResponseAt"`, started)} AS v
        FROM "Chat" c WHERE ${within(started)} AND c."firstResponseAt" IS NOT NULL`);
    case 'resolution':
      return grouped(Prisma.sql`SELECT c."closedAt" AS t, ${sql.seconds(closed, started)} AS v
        FROM "Chat" c WHERE c."status" = 'resolved' AND c."closedAt" IS NOT NULL AND ${within(closed)}`);
    case 'csat':
      return grouped(Prisma.sql`SELECT c."closedAt" AS t, c."rating" AS v
        FROM "Chat" c WHERE c."rating" IS NOT NULL AND c."closedAt" IS NOT NULL AND ${within(closed)}`);
    case 'slaMet':
      return grouped(slaOutcomes(db, within(started), now));
  }
}

/**
 * Handed-off chats with a decided SLA (src/metrics/sla.ts: the first
 * attendant message within the priority's limit after the hand-off): `v` 1
 * met, 0 breached. A chat still waiting within its limit is left out.
 */
function slaOutcomes(db: Db, filter: Prisma.Sql, now: Date): Prisma.Sql {
  const sql = dialectOf(db);
  const limit = Prisma.sql`CASE h."priority" ${Prisma.join(
    // Constants of ours, written inline: PostgreSQL would type a parameter here as text.
    PRIORITIES.map((p) => Prisma.sql`WHEN ${p} THEN ${Prisma.raw(String(SLA_FIRST_HUMAN_REPLY_SECONDS[p]))}`),
    ' ',
  )} END`;
  const waited = sql.seconds(
    Prisma.sql`COALESCE(${sql.time(Prisma.sql`h.repliedAt`)}, ${sql.at(now.toISOString())})`,
    sql.time(Prisma.sql`h.handedAt`),
  );
  return Prisma.sql`
    SELECT h.t AS t, CASE WHEN h.repliedAt IS NOT NULL AND ${waited} <= ${limit} THEN 1 ELSE 0 END AS v
    FROM (
      SELECT c."startedAt" AS t, c."priority" AS priority, MIN(s."at") AS handedAt,
        (SELECT MIN(m."createdAt") FROM "Message" m WHERE m."chatId" = c."id" AND m."sender" = 'attendant') AS repliedAt
      FROM "Chat" c JOIN "StatusChange" s ON s."chatId" = c."id" AND s."to" = 'transferred'
      WHERE ${filter} AND c."sla" IS NULL
      GROUP BY c."id", c."startedAt", c."priority"
    ) h
    WHERE h.repliedAt IS NOT NULL OR ${waited} > ${limit}
    UNION ALL
    SELECT c."startedAt" AS t, CASE WHEN c."slaMet" THEN 1 ELSE 0 END AS v
    FROM "Chat" c WHERE c."slaMet" IS NOT NULL AND ${filter}`;
}
