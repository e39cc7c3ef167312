import type { Role } from '../../workflows/types';
import type { ChatsNow, FeedEvent } from './eventFeed';

export interface Viewer {
  id: string;
  role: Role;
  department: string | null;
}

/**
 * Who sees a live event (docs/api.md "Live events"): supervisors and admins
 * everything; an attendant the events of the chats they hold, and of the
 * chats waiting in the queue they serve (their department's, or any when
 * either side has none). Decided from the chat as it is now.
 */
export function canSee(viewer: Viewer, event: FeedEvent, chats: ChatsNow): boolean {
  if (viewer.role !== 'attendant') return true;
  const chat = chats.get(event.chatId);
  if (!chat) return false;
  if (chat.attendantId === viewer.id) return true;
  const waiting = chat.attendantId === null && chat.queuedAt !== null;
  return waiting && (viewer.department === null || chat.department === null || chat.department === viewer.department);
}
