import { can, type Actor } from '../../workflows/chatAccess';
import type { ChatsNow, FeedEvent } from './eventFeed';

export type Viewer = Actor;

/**
 * Who sees a live event: whoever may read its chat (workflows/chatAccess.ts),
 * judged from the chat as it is when the event goes out; a `note.mentioned`
 * only the attendant it names.
 */
export function canSee(viewer: Viewer, event: FeedEvent, chats: ChatsNow): boolean {
  // A mention goes to the mentioned attendant alone, even if the chat is not theirs to read (reading it still is not).
  if (event.type === 'note.mentioned') return mentionedIn(event) === viewer.id;
  // A low rating is for those who look after the team, not the attendant rated.
  if (event.type === 'csat.low' || event.type === 'csat.received') return viewer.role !== 'attendant';
  const chat = chats.get(event.chatId);
  if (!chat) return viewer.role !== 'attendant';
  return can(viewer, 'read', chat);
}

/** The attendant a `note.mentioned` event is for. */
function mentionedIn(event: FeedEvent): string | null {
  try {
    const { attendantId } = JSON.parse(event.data) as { attendantId?: unknown };
    return typeof attendantId === 'string' ? attendantId : null;
  } catch {
    return null;
  }
}
