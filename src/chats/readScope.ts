import type { Prisma } from '../generated/prisma/client';
import { whereCan, type Actor, type ChatAction, type ChatFacts } from '../../workflows/chatAccess';

export type Reader = Actor;

/**
 * The chats `actor` may do `action` to, as a Prisma filter: the access
 * policy of workflows/chatAccess.ts, typed against the generated client.
 * A chat out of reach reads as 404.
 */
export function chatsWhere(actor: Actor, action: ChatAction): Prisma.ChatWhereInput {
  return whereCan(actor, action);
}

/** The chats a caller may read (and so their messages, files and contacts). */
export function readableChats(reader: Reader): Prisma.ChatWhereInput {
  return chatsWhere(reader, 'read');
}

/** The columns the access policy reads from a chat's row. */
export const CHAT_FACT_COLUMNS = { status: true, attendantId: true, queuedAt: true, department: true } as const;

/** A chat's row as the access policy sees it. */
export function factsOfRow(
  row: { status: string; attendantId: string | null; queuedAt: Date | null; department: string | null },
  participants?: readonly string[],
): ChatFacts {
  return {
    status: row.status as ChatFacts['status'],
    attendantId: row.attendantId,
    queued: row.queuedAt !== null && row.attendantId === null,
    department: row.department,
    ...(participants ? { participants } : {}),
  };
}
