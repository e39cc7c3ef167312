import { can, type Actor } from '../../workflows/chatAccess';
import type { ChatsNow, FeedEvent } from './eventFeed';

export type Viewer = Actor;

/**
 * Who sees a live event: whoever may read its chat (workflows/chatAccess.ts),
 * judged from the chat as it is when the event goes out.
 */
export function canSee(viewer: Viewer, event: FeedEvent, chats: ChatsNow): boolean {
  const chat = chats.get(event.chatId);
  if (!chat) return viewer.role !== 'attendant';
  return can(viewer, 'read', chat);
}
