import type { Prisma } from '../generated/prisma/client';
import { OPEN } from '../assignment/seats';
import type { Role } from '../../workflows/types';

export interface Reader {
  id: string;
  role: Role;
  department: string | null;
}

/**
 * The chats a caller may read. Supervisors and admins: all. An attendant:
 * the chats they hold, those waiting in the queue they serve (their
 * department's, or any when either side has none, as the live events),
 * and those they took part in (wrote in, or changed). Others' chats, and so
 * their contacts, stay out of reach; a chat out of reach reads as 404.
 */
export function readableChats(reader: Reader): Prisma.ChatWhereInput {
  if (reader.role !== 'attendant') return {};
  const theirQueue: Prisma.ChatWhereInput = {
    attendantId: null,
    queuedAt: { not: null },
    status: OPEN,
    ...(reader.department ? { OR: [{ department: reader.department }, { department: null }] } : {}),
  };
  return {
    OR: [
      { attendantId: reader.id },
      theirQueue,
      { messages: { some: { attendantId: reader.id } } },
      { statusChanges: { some: { actor: `attendant:${reader.id}` } } },
    ],
  };
}
