import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import { chatEvent } from '../events/chatEvents';
import { HttpError } from '../http/httpError';

/** `note`: written on the chat; `transfer`: the note a transfer carried, shown first to whoever receives the chat. */
export type NoteKind = 'note' | 'transfer';

/** How much of a note a mention's live event carries (the rest is read through the chat, under its access). */
export const MENTION_EXCERPT_CHARS = 140;

type NoteRow = Prisma.ChatNoteGetPayload<{ include: { author: { select: { id: true; name: true } } } }>;

export const NOTE_AUTHOR = { author: { select: { id: true, name: true } } } as const;

export function presentNote(n: NoteRow) {
  return {
    id: n.id,
    chatId: n.chatId,
    kind: n.kind as NoteKind,
    author: { id: n.author.id, name: n.author.name },
    content: n.content,
    mentions: readJsonColumn<string[]>(n.mentions, []),
    createdAt: n.createdAt.toISOString(),
  };
}

/** `…` at a word's end when the note is longer than the excerpt. */
export function excerptOf(content: string): string {
  if (content.length <= MENTION_EXCERPT_CHARS) return content;
  const cut = content.slice(0, MENTION_EXCERPT_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > MENTION_EXCERPT_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Mentions name active attendants, each once: an unknown or inactive one is
 * a 400 naming its place (`body.mentions.<i>`), before anything is written.
 */
export async function checkMentions(db: Db, mentions: readonly string[]): Promise<string[]> {
  if (mentions.length === 0) return [];
  const rows = await db.attendant.findMany({
    where: { id: { in: [...new Set(mentions)] }, active: true },
    select: { id: true },
  });
  const known = new Set(rows.map((r) => r.id));
  const issues = mentions.flatMap((m, i) =>
    known.has(m) ? [] : [{ path: `body.mentions.${i}`, message: 'not an active attendant' }],
  );
  if (issues.length > 0)
    throw new HttpError(400, 'invalid_request', `${issues[0]!.path}: ${issues[0]!.message}`, issues);
  return [...new Set(mentions)];
}

/**
 * Writes a note and its live events in one transaction: `note.created` for
 * whoever may read the chat, and `note.mentioned` for each mentioned
 * attendant (delivered to them alone, whether or not they may read the chat;
 * see src/events/visibility.ts). The caller has checked the access policy.
 * A note is a row of ChatNote, never a Message: the outbox and the senders
 * never read this table, so a note cannot reach a channel.
 */
export async function writeNote(
  db: Db,
  note: { chatId: string; author: { id: string; name: string }; content: string; mentions?: string[]; kind?: NoteKind },
) {
  const mentions = note.mentions ?? [];
  const kind = note.kind ?? 'note';
  return db.$transaction(async (tx) => {
    const row = await tx.chatNote.create({
      data: {
        chatId: note.chatId,
        authorId: note.author.id,
        kind,
        content: note.content,
        mentions: JSON.stringify(mentions),
      },
      include: NOTE_AUTHOR,
    });
    const author = { id: note.author.id, name: note.author.name };
    await tx.chatEvent.createMany({
      data: [
        chatEvent('note.created', note.chatId, { noteId: row.id, kind, authorId: author.id }),
        ...mentions
          .filter((id) => id !== author.id)
          .map((attendantId) =>
            chatEvent('note.mentioned', note.chatId, {
              noteId: row.id,
              attendantId,
              author,
              excerpt: excerptOf(note.content),
            }),
          ),
      ],
    });
    return presentNote(row);
  });
}
