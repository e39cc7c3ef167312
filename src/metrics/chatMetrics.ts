import { z } from 'zod';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import { OPEN } from '../assignment/seats';
import { CHAT_STATUSES, PRIORITIES } from '../../workflows/types';
import { SLA_FIRST_HUMAN_REPLY_SECONDS } from './sla';
import { slaPolicyMetrics } from './slaPolicyMetrics';
import { dialectOf } from './sqlDialect';
import { csatMetrics } from './csatMetrics';

const DAY_MS = 24 * 60 * 60 * 1000;

export const MetricsQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    channelId: z.string().min(1).max(128).optional(),
    department: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || new Date(q.from) < new Date(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });
export type MetricsQuery = z.infer<typeof MetricsQuery>;

export interface DurationStats {
  count: number;
  avg: number | null;
  p50: number | null;
  p90: number | null;
}

/**
 * The supervisors' figures (docs/api.md "Metrics") over the chats started in
 * [from, to) (default: the last 30 days), for one channel or department if
 * asked. Counts go through Prisma; durations and percentiles are computed by
 * the database (nearest rank), so 100,000 chats never travel to Node.
 */
export async function chatMetrics(db: Db, query: MetricsQuery, now = new Date()) {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
  const where: Prisma.ChatWhereInput = {
    startedAt: { gte: from, lt: to },
    ...(query.channelId ? { channelId: query.channelId } : {}),
    ...(query.department ? { department: query.department } : {}),
  };
  const sql = dialectOf(db);
  const filter = Prisma.sql`${sql.time(Prisma.sql`c."startedAt"`)} >= ${sql.at(from.toISOString())}
    AND ${sql.time(Prisma.sql`c."startedAt"`)} < ${sql.at(to.toISOString())}
    ${query.channelId ? Prisma.sql`AND c."channelId" = ${query.channelId}` : Prisma.empty}
    ${query.department ? Prisma.sql`AND c."department" = ${query.department}` : Prisma.empty}`;

  const [byStatusRows, byChannelRows, channels, messages, resolved, resolvedByBot, firstResponse, resolution, byTag] =
    await Promise.all([
      db.chat.groupBy({ by: ['status'], where, _count: { _all: true } }),
      db.chat.groupBy({ by: ['channelId'], where, _count: { _all: true } }),
      db.channel.findMany({ select: { id: true, name: true, type: true } }),
      db.message.count({ where: { chat: where } }),
      db.chat.count({ where: { ...where, status: 'resolved' } }),
      // Contained: resolved with no person ever holding it or writing in it.
      db.chat.count({
        where: { ...where, status: 'resolved', attendantId: null, messages: { none: { sender: 'attendant' } } },
      }),
      durationStats(
        db,
        Prisma.sql`${sql.seconds(Prisma.sql`c."firstResponseAt"`, Prisma.sql`c."startedAt"`)}`,
        Prisma.sql`${filter} AND c."firstResponseAt" IS NOT NULL`,
      ),
      durationStats(
        db,
        Prisma.sql`${sql.seconds(Prisma.sql`c."closedAt"`, Prisma.sql`c."startedAt"`)}`,
        Prisma.sql`${filter} AND c."status" = 'resolved' AND c."closedAt" IS NOT NULL`,
      ),
      tagCounts(db, where),
    ]);

  const byStatus = Object.fromEntries(CHAT_STATUSES.map((s) => [s, 0])) as Record<
    (typeof CHAT_STATUSES)[number],
    number
  >;
  for (const row of byStatusRows) byStatus[row.status as keyof typeof byStatus] = row._count._all;
  const total = byStatusRows.reduce((sum, r) => sum + r._count._all, 0);
  const names = new Map(channels.map((c) => [c.id, c]));

  return {
    window: { from: from.toISOString(), to: to.toISOString() },
    totals: {
      chats: total,
      open: total - byStatus.resolved - byStatus.cancelled,
      closed: byStatus.resolved + byStatus.cancelled,
      messages,
    },
    byStatus,
    byChannel: byChannelRows
      .map((r) => ({
        channelId: r.channelId,
        name: names.get(r.channelId)?.name ?? null,
        type: names.get(r.channelId)?.type ?? null,
        chats: r._count._all,
      }))
      .sort((a, b) => b.chats - a.chats),
    botContainment: { resolved, resolvedByBot, rate: resolved > 0 ? resolvedByBot / resolved : null },
    byTag,
    firstResponseSeconds: firstResponse,
    resolutionSeconds: resolution,
    // The satisfaction survey: average rating and share of 4–5, per attendant, department, channel and tag.
    csat: await csatMetrics(db, where),
    ...(await liveFigures(db, query, now)),
    sla: {
      firstHumanReplySeconds: SLA_FIRST_HUMAN_REPLY_SECONDS,
      breaches: await slaBreaches(db, filter, now),
      // Chats under an SLA policy (src/sla/policies.ts): share met, per attendant and department.
      policies: await slaPolicyMetrics(db, where),
    },
  };
}

/**
 * Chats of the window per tag, labels and contact reasons alike (`kind`),
 * most used first. Archived tags are counted too (`archived`): a period's
 * figures do not change when a tag is deleted later.
 */
async function tagCounts(db: Db, where: Prisma.ChatWhereInput) {
  const rows = await db.chatTag.groupBy({ by: ['tagId'], where: { chat: where }, _count: { _all: true } });
  const tags = await db.tag.findMany({ where: { id: { in: rows.map((r) => r.tagId) } } });
  const byId = new Map(tags.map((t) => [t.id, t]));
  return rows
    .flatMap((r) => {
      const t = byId.get(r.tagId);
      if (!t) return [];
      return [
        { id: t.id, name: t.name, color: t.color, kind: t.kind, archived: t.archivedAt !== null, chats: r._count._all },
      ];
    })
    .sort((a, b) => b.chats - a.chats || a.name.localeCompare(b.name));
}

/** Count, average and nearest-rank p50/p90 of a duration over the filtered chats `c`. */
async function durationStats(db: Db, seconds: Prisma.Sql, filter: Prisma.Sql): Promise<DurationStats> {
  const [row] = await db.$queryRaw<Array<{ n: unknown; avg: unknown; p50: unknown; p90: unknown }>>`
    WITH d AS (SELECT ${seconds} AS s FROM "Chat" c WHERE ${filter}),
    r AS (SELECT s, ROW_NUMBER() OVER (ORDER BY s) AS rn, COUNT(*) OVER () AS n FROM d)
    SELECT MAX(n) AS n, AVG(s) AS avg,
      MIN(CASE WHEN rn >= 0.5 * n THEN s END) AS p50,
      MIN(CASE WHEN rn >= 0.9 * n THEN s END) AS p90
    FROM r`;
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
  return { count: Number(row?.n ?? 0), avg: num(row?.avg), p50: num(row?.p50), p90: num(row?.p90) };
}

/** Now, whatever the window: the queue and each active attendant's load. */
async function liveFigures(db: Db, query: MetricsQuery, now: Date) {
  const queued = {
    status: OPEN,
    attendantId: null,
    queuedAt: { not: null },
    ...(query.channelId ? { channelId: query.channelId } : {}),
    ...(query.department ? { department: query.department } : {}),
  };
  const [length, oldest, attendants, loads] = await Promise.all([
    db.chat.count({ where: queued }),
    db.chat.findFirst({ where: queued, orderBy: { queuedAt: 'asc' }, select: { queuedAt: true } }),
    db.attendant.findMany({
      where: { active: true, ...(query.department ? { department: query.department } : {}) },
      select: { id: true, name: true, department: true, available: true, maxConcurrent: true },
      orderBy: { name: 'asc' },
    }),
    db.chat.groupBy({
      by: ['attendantId'],
      where: { status: OPEN, attendantId: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const load = new Map(loads.map((l) => [l.attendantId, l._count._all]));
  const since = oldest?.queuedAt ?? null;
  return {
    queue: {
      length,
      oldestWaitingSince: since?.toISOString() ?? null,
      oldestWaitingSeconds: since ? Math.round((now.getTime() - since.getTime()) / 1000) : null,
    },
    attendants: attendants.map((a) => ({ ...a, activeChats: load.get(a.id) ?? 0 })),
  };
}

/** Handed-off chats whose first attendant message came (or is still missing) past their SLA. */
async function slaBreaches(db: Db, filter: Prisma.Sql, now: Date): Promise<number> {
  const sql = dialectOf(db);
  const limit = Prisma.sql`CASE c."priority" ${Prisma.join(
    // Constants of ours, written inline: PostgreSQL would type a parameter here as text.
    PRIORITIES.map((p) => Prisma.sql`WHEN ${p} THEN ${Prisma.raw(String(SLA_FIRST_HUMAN_REPLY_SECONDS[p]))}`),
    ' ',
  )} END`;
  const [row] = await db.$queryRaw<Array<{ n: unknown }>>`
    WITH handed AS (
      SELECT c."id" AS id, c."priority" AS priority, MIN(h."at") AS handedAt,
        (SELECT MIN(m."createdAt") FROM "Message" m WHERE m."chatId" = c."id" AND m."sender" = 'attendant') AS repliedAt
      FROM "Chat" c JOIN "StatusChange" h ON h."chatId" = c."id" AND h."to" = 'transferred'
      WHERE ${filter} AND c."sla" IS NULL
      GROUP BY c."id", c."priority"
    )
    SELECT COUNT(*) AS n FROM handed c
    WHERE ${sql.seconds(Prisma.sql`COALESCE(${sql.time(Prisma.sql`c.repliedAt`)}, ${sql.at(now.toISOString())})`, sql.time(Prisma.sql`c.handedAt`))} > ${limit}`;
  return Number(row?.n ?? 0);
}
