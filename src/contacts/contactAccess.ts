import type { Prisma } from '../generated/prisma/client';
import { whereCan, type Actor } from '../../workflows/chatAccess';

/**
 * The contacts `actor` may read or edit, as a Prisma filter. A contact is
 * reached through its chats, under the one access policy
 * (workflows/chatAccess.ts): read with a chat they may read, edited through a
 * chat they hold; supervisors and admins reach every contact. One out of
 * reach reads as 404, and so does an erased one.
 */
export function contactsWhere(actor: Actor, action: 'read' | 'editContact'): Prisma.ContactWhereInput {
  const chats: Prisma.ChatWhereInput = whereCan(actor, action);
  // An erased person's tombstone is no contact to anyone (src/privacy/erasure.ts).
  return Object.keys(chats).length === 0 ? { erasedAt: null } : { erasedAt: null, chats: { some: chats } };
}
