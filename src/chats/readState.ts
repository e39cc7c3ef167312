import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';

/**
 * Read state: how far each attendant has read each chat (a `ChatRead` row:
 * the last message they saw, by its place in the chat's order, createdAt then
 * id, as the chat detail lists messages). A chat's `unread` for an attendant
 * is the customer messages after that place; all of them before a first read.
 * Written by the API only, and only forwards.
 */
export interface ReadPlace {
  lastReadAt: Date;
  lastReadMessageId: string;
}

/** Messages strictly after `place` in the chat's order. */
function after(place: ReadPlace): Prisma.MessageWhereInput {
  return {
    OR: [{ createdAt: { gt: place.lastReadAt } }, { createdAt: place.lastReadAt, id: { gt: place.lastReadMessageId } }],
  };
}

/** Chats counted per grouped query: a page of a list (≤ 100) is one; a long queue a few, each well inside SQLite's expression depth. */
const CHATS_PER_COUNT = 100;

/**
 * Unread counts of `chatIds` for `attendantId`: their read places by primary
 * key, then one grouped count of customer messages after them per 100 chats
 * (one for a page of a list), never a query per chat. Chats with none are absent.
 */
export async function unreadCounts(
  db: Db,
  attendantId: string,
  chatIds: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const ids = [...new Set(chatIds)];
  for (let i = 0; i < ids.length; i += CHATS_PER_COUNT) {
    const chunk = ids.slice(i, i + CHATS_PER_COUNT);
    const reads = await db.chatRead.findMany({
      where: { attendantId, chatId: { in: chunk } },
      select: { chatId: true, lastReadAt: true, lastReadMessageId: true },
    });
    const placeOf = new Map(reads.map((r) => [r.chatId, r]));
    const neverRead = chunk.filter((id) => !placeOf.has(id));
    const grouped = await db.message.groupBy({
      by: ['chatId'],
      where: {
        sender: 'customer',
        OR: [
          ...(neverRead.length > 0 ? [{ chatId: { in: neverRead } }] : []),
          ...reads.map((place) => ({ chatId: place.chatId, ...after(place) })),
        ],
      },
      _count: { _all: true },
    });
    for (const g of grouped) counts.set(g.chatId, g._count._all);
  }
  return counts;
}

/** One chat's unread count for `attendantId`. */
export async function unreadOf(db: Db, attendantId: string, chatId: string): Promise<number> {
  return (await unreadCounts(db, attendantId, [chatId])).get(chatId) ?? 0;
}

export interface ReadState {
  chatId: string;
  lastReadMessageId: string | null;
  lastReadAt: string | null;
  unread: number;
}

/**
 * Marks `chatId` read by `attendantId` up to `message` (a message of the
 * chat, already checked by the caller), never backwards: a place behind the
 * stored one changes nothing. Two statements, each atomic, so concurrent
 * marks (two tabs) end at the furthest place: a create, or when the row
 * exists, an update that applies only while the row is behind.
 */
export async function markRead(
  db: Db,
  attendantId: string,
  chatId: string,
  message: { id: string; createdAt: Date } | null,
): Promise<ReadState> {
  if (message) {
    const place = { lastReadAt: message.createdAt, lastReadMessageId: message.id };
    try {
      await db.chatRead.create({ data: { attendantId, chatId, ...place } });
    } catch (err) {
      if ((err as { code?: unknown } | null)?.code !== 'P2002') throw err;
      await db.chatRead.updateMany({
        where: {
          attendantId,
          chatId,
          OR: [
            { lastReadAt: { lt: place.lastReadAt } },
            { lastReadAt: place.lastReadAt, lastReadMessageId: { lt: place.lastReadMessageId } },
          ],
        },
        data: place,
      });
    }
  }
  return readStateOf(db, attendantId, chatId);
}

/** Where `attendantId` stands in `chatId`. */
export async function readStateOf(db: Db, attendantId: string, chatId: string): Promise<ReadState> {
  const row = await db.chatRead.findUnique({
    where: { attendantId_chatId: { attendantId, chatId } },
    select: { lastReadAt: true, lastReadMessageId: true },
  });
  return {
    chatId,
    lastReadMessageId: row?.lastReadMessageId ?? null,
    lastReadAt: row?.lastReadAt.toISOString() ?? null,
    unread: await unreadOf(db, attendantId, chatId),
  };
}

/** The chat's last message in its order (what "read up to now" means), or null for a chat without messages. */
export function latestMessage(db: Db, chatId: string) {
  return db.message.findFirst({
    where: { chatId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, createdAt: true },
  });
}
