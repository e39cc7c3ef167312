import type { Prisma } from '../generated/prisma/client';
import { whereCan, type Actor } from '../../workflows/chatAccess';

/**
 * The contacts `actor` may read or edit, as a Prisma filter. A contact is
 * reached through its chats, under the one access policy
 * (workflows/chatAccess.ts): read with a chat they may read, edited through a
 * chat they hold; supervisors and admins reach every contact. One out of
 * reach reads as 404.
 */
export function contactsWhere(actor: Actor, action: 'read' | 'editContact'): Prisma.ContactWhereInput {
  const chats: Prisma.ChatWhereInput = whereCan(actor, action);
  return Object.keys(chats).length === 0 ? {} : { chats: { some: chats } };
}
