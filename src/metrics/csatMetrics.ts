import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';

/** A rating of 4 or 5 is a satisfied customer. */
export const SATISFIED_RATING = 4;

export interface CsatFigures {
  /** Chats of the window with a rating. */
  rated: number;
  /** Their average rating (1–5), one decimal; null with none. */
  average: number | null;
  /** The share of them rated 4 or 5 (0–1); null with none. */
  satisfiedRate: number | null;
}

type Rated = { rating: number };

function figures(rows: Rated[]): CsatFigures {
  if (rows.length === 0) return { rated: 0, average: null, satisfiedRate: null };
  const sum = rows.reduce((s, r) => s + r.rating, 0);
  const satisfied = rows.filter((r) => r.rating >= SATISFIED_RATING).length;
  return {
    rated: rows.length,
    average: Math.round((sum / rows.length) * 10) / 10,
    satisfiedRate: Math.round((satisfied / rows.length) * 1000) / 1000,
  };
}

function grouped<K extends string>(rows: (Rated & Record<K, string | null>)[], key: K) {
  const groups = new Map<string | null, Rated[]>();
  for (const row of rows) groups.set(row[key], [...(groups.get(row[key]) ?? []), row]);
  return [...groups].map(([id, group]) => ({ id, ...figures(group) })).sort((a, b) => b.rated - a.rated);
}

/**
 * The satisfaction survey's figures over the window's rated chats (docs/api.md,
 * "Metrics"): overall, and per attendant, department, channel and tag. Rated
 * chats are few beside all chats (one row each, plus their tags), so they are
 * read and grouped here: the same code on SQLite and PostgreSQL.
 */
export async function csatMetrics(db: Db, where: Prisma.ChatWhereInput) {
  const rows = await db.chat.findMany({
    where: { ...where, rating: { not: null } },
    select: {
      rating: true,
      attendantId: true,
      department: true,
      channelId: true,
      chatTags: { select: { tagId: true } },
    },
  });
  const rated = rows.map((r) => ({ ...r, rating: r.rating! }));
  const byTag = rated.flatMap((r) => r.chatTags.map((t) => ({ rating: r.rating, tagId: t.tagId as string | null })));
  return {
    ...figures(rated),
    byAttendant: grouped(rated, 'attendantId').map(({ id, ...f }) => ({ attendantId: id, ...f })),
    byDepartment: grouped(rated, 'department').map(({ id, ...f }) => ({ department: id, ...f })),
    byChannel: grouped(rated, 'channelId').map(({ id, ...f }) => ({ channelId: id, ...f })),
    byTag: grouped(byTag, 'tagId').map(({ id, ...f }) => ({ tagId: id, ...f })),
  };
}
