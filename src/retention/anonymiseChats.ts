import type { Db } from '../db/client';
import type { MediaStore } from '../media/mediaStore';
import { filesNamedBy, removeUnnamedFiles } from './mediaFiles';

/** What removing chats' content took away. */
export interface AnonymisedCounts {
  chats: number;
  messages: number;
  notes: number;
  events: number;
  files: number;
}

/**
 * Removes closed chats' content and keeps each chat's row as anonymous
 * figures: its times, status, channel, department, priority, tags, rating and
 * protocol number stay (metrics and reports over past periods stay true).
 *
 * Gone, in one transaction: the messages (their search entries go with them:
 * triggers of 0011_search on SQLite, ON DELETE CASCADE on PostgreSQL), the
 * notes, the live events, read marks, incidents and signed closes of those
 * chats, the notes of their status changes, and the row's free text (subject,
 * context, the survey's comment, the customer's id on the channel). Then the
 * messages' files that nothing else names. Running it again on the same chats
 * removes nothing more.
 *
 * The one function for chats whose content must go: retention's closed chats
 * (src/retention/retention.ts); a contact's erasure can call it for theirs.
 */
export async function anonymiseChats(
  db: Db,
  media: MediaStore | null,
  chatIds: string[],
  now = new Date(),
): Promise<AnonymisedCounts> {
  if (chatIds.length === 0) return { chats: 0, messages: 0, notes: 0, events: 0, files: 0 };
  const inChats = { chatId: { in: chatIds } };
  const withFiles = await db.message.findMany({ where: { ...inChats, media: { not: null } }, select: { media: true } });
  const files = filesNamedBy(withFiles);
  const counts = await db.$transaction(async (tx) => {
    const messages = await tx.message.deleteMany({ where: inChats });
    const notes = await tx.chatNote.deleteMany({ where: inChats });
    const events = await tx.chatEvent.deleteMany({ where: inChats });
    await tx.chatRead.deleteMany({ where: inChats });
    await tx.chatIncident.deleteMany({ where: inChats });
    await tx.channelClose.deleteMany({ where: inChats });
    await tx.statusChange.updateMany({ where: { ...inChats, note: { not: null } }, data: { note: null } });
    const chats = await tx.chat.updateMany({
      where: { id: { in: chatIds } },
      data: { subject: null, context: '{}', feedback: null, externalChatId: '', anonymisedAt: now },
    });
    return { chats: chats.count, messages: messages.count, notes: notes.count, events: events.count };
  });
  if (files.size > 0 && !media) throw new Error('removing chats with files needs the media store');
  const removed = media ? await removeUnnamedFiles(db, media, files) : 0;
  return { ...counts, files: removed };
}
