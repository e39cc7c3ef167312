import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import type { MediaStore } from '../media/mediaStore';
import { filesNamedBy, messageNames } from '../media/orphans';
import { isPostgres } from '../search/searchIndex';

/** What anonymising chats removed: counts only (an erasure's receipt, a retention run's audit entry). */
export interface AnonymisedCounts {
  chats: number;
  messages: number;
  notes: number;
  files: number;
  events: number;
}

/**
 * `keepCaseNumber`: the protocol and the workflow id stay (retention: the
 * contact still exists and its chats stay listed; an erasure removes them,
 * since the person quotes the protocol). `now`: the `anonymisedAt` written.
 */
export interface AnonymiseOptions {
  keepCaseNumber?: boolean;
  now?: Date;
}

/**
 * Empties chats of everything that tells who they were about, in the
 * caller's transaction, keeping them as anonymous figures (docs/design.md,
 * "Privacy"): a chat keeps its times, status, channel, department,
 * attendant, priority, tags and rating, and loses its protocol, the
 * conversation's external id and workflow id (an HMAC of it, so pseudonymous),
 * subject, context and written feedback. A message keeps its sender, type,
 * time, delivery status and the bot's intent (so message counts, bot
 * containment and reply times stay true) and loses its text, file, metadata,
 * the channel's message id, entities and drafts; the search triggers drop it
 * from the index. Notes, live events, read marks, incidents, recorded closes
 * and status-change notes go.
 *
 * Returns the counts and the files the chats carried that nothing else names
 * any more: the caller removes those once the transaction has committed
 * (`removeFiles`).
 */
export async function anonymiseChatsIn(
  tx: Prisma.TransactionClient,
  chatIds: readonly string[],
  { keepCaseNumber = false, now = new Date() }: AnonymiseOptions = {},
): Promise<{ counts: AnonymisedCounts; orphanFiles: string[] }> {
  const ids = [...chatIds];
  if (ids.length === 0) return { counts: { chats: 0, messages: 0, notes: 0, files: 0, events: 0 }, orphanFiles: [] };
  const inChats = { chatId: { in: ids } };
  const carried = filesNamedBy(
    await tx.message.findMany({ where: { ...inChats, media: { not: null } }, select: { media: true } }),
  );
  const messages = await tx.message.updateMany({
    where: inChats,
    data: {
      content: '',
      media: null,
      metadata: '{}',
      channelMessageId: null,
      entities: null,
      botDraft: null,
      deliveryError: null,
    },
  });
  // The emptied messages' search rows go too (the triggers would keep an empty entry keyed by the chat).
  if (isPostgres(tx as unknown as Db)) {
    await tx.$executeRawUnsafe('DELETE FROM "MessageSearch" WHERE "chatId" = ANY($1)', ids);
  } else {
    const marks = ids.map(() => '?').join(', ');
    await tx.$executeRawUnsafe(
      `DELETE FROM "MessageSearch" WHERE rowid IN (SELECT "seq" FROM "MessageSearchKey" WHERE "chatId" IN (${marks}))`,
      ...ids,
    );
    await tx.$executeRawUnsafe(`DELETE FROM "MessageSearchKey" WHERE "chatId" IN (${marks})`, ...ids);
  }
  const notes = await tx.chatNote.deleteMany({ where: inChats });
  const events = await tx.chatEvent.deleteMany({ where: inChats });
  await tx.chatRead.deleteMany({ where: inChats });
  await tx.chatIncident.deleteMany({ where: inChats });
  await tx.channelClose.deleteMany({ where: inChats });
  await tx.statusChange.updateMany({ where: { ...inChats, note: { not: null } }, data: { note: null } });
  const chats = await tx.chat.updateMany({
    where: { id: { in: ids } },
    data: {
      ...(keepCaseNumber ? {} : { protocol: null, workflowId: '' }),
      externalChatId: '',
      subject: null,
      context: '{}',
      feedback: null,
      anonymisedAt: now,
    },
  });
  const orphanFiles: string[] = [];
  for (const sha256 of carried) if (!(await messageNames(tx as unknown as Db, sha256))) orphanFiles.push(sha256);
  return {
    counts: {
      chats: chats.count,
      messages: messages.count,
      notes: notes.count,
      files: orphanFiles.length,
      events: events.count,
    },
    orphanFiles,
  };
}

/** Removes files from the media folder (after the transaction that left them unnamed has committed). */
export async function removeFiles(media: MediaStore, sha256s: readonly string[]): Promise<void> {
  for (const sha256 of sha256s) await media.remove(sha256);
}

/**
 * `anonymiseChatsIn` in a transaction of its own, then the files: for a
 * caller with nothing else to write (the retention job, by batches).
 */
export async function anonymiseChats(
  db: Db,
  media: MediaStore,
  chatIds: readonly string[],
  options: AnonymiseOptions = {},
): Promise<AnonymisedCounts> {
  return withSecureDelete(db, async () => {
    const { counts, orphanFiles } = await db.$transaction((tx) => anonymiseChatsIn(tx, chatIds, options), {
      timeout: 60_000,
    });
    await removeFiles(media, orphanFiles);
    await purgeFreedText(db);
    return counts;
  });
}

/**
 * Runs `work` with SQLite's secure_delete on (deleted and overwritten
 * content is zeroed in the file, not left in free space), then sets it back.
 * Nothing to do on PostgreSQL.
 */
export async function withSecureDelete<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (isPostgres(db)) return work();
  const [before] = await db.$queryRawUnsafe<Array<{ secure_delete: unknown }>>('PRAGMA secure_delete');
  await db.$queryRawUnsafe('PRAGMA secure_delete = ON');
  try {
    return await work();
  } finally {
    const mode = ['OFF', 'ON', 'FAST'][Number(before?.secure_delete ?? 0)] ?? 'OFF';
    await db.$queryRawUnsafe(`PRAGMA secure_delete = ${mode}`);
  }
}

/**
 * SQLite keeps deleted text in free space and in the full-text index's old
 * segments until they are rewritten: with secure_delete on, rewriting the
 * indexes (FTS5 `optimize`) zeroes what they held, and a checkpoint
 * truncates the WAL, so the database file no longer holds the erased words.
 * PostgreSQL reclaims dead rows by (auto)vacuum. Costs a pass over the
 * search indexes: fine for an erasure or a daily batch, not per message.
 * Call it inside `withSecureDelete`.
 */
export async function purgeFreedText(db: Db): Promise<void> {
  if (isPostgres(db)) return;
  await db.$executeRawUnsafe(`INSERT INTO "MessageSearch"("MessageSearch") VALUES('optimize')`);
  await db.$executeRawUnsafe(`INSERT INTO "ContactSearch"("ContactSearch") VALUES('optimize')`);
  await db.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
}
