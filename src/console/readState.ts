import { useEffect, useRef } from 'preact/hooks';
import type { Api } from './api';
import type { Chat, ChatDetail, Page } from './types';

/**
 * The console's side of read state (docs/api.md, "Read state"): an open chat
 * is marked read up to the last message shown, when the tab is visible; the
 * lists' badges and the page title read `unread` from the API.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

/** Called after a read changed something the lists show (their badges). */
export function onReadChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Marks `chatId` read up to `messageId` (what the attendant has on screen); tells the listeners when it had unread messages. */
export async function markChatRead(api: Api, chatId: string, messageId: string, hadUnread: boolean): Promise<void> {
  await api.request('POST', `/api/v1/chats/${encodeURIComponent(chatId)}/read`, { messageId });
  if (hadUnread) for (const listener of listeners) listener();
}

export const tabVisible = () => document.visibilityState === 'visible';

/** The page title: "(3) Atende" while 3 customer messages wait unread in my open chats. */
export function titleFor(unread: number): string {
  return unread > 0 ? `(${unread}) Atende` : 'Atende';
}

const CLOSED = ['resolved', 'cancelled'];

/** Unread customer messages across the open chats I hold (the page title's count). */
export function unreadOfMine(chats: readonly Chat[]): number {
  return chats.filter((c) => !CLOSED.includes(c.status)).reduce((sum, c) => sum + c.unread, 0);
}

/**
 * Keeps the open chat read: when it is shown with a message not yet marked
 * (opened, or a new message came), and when the tab becomes visible again.
 * A hidden tab marks nothing: the attendant has not seen it.
 */
export function useMarkRead(api: Api, chat: ChatDetail | null, chatId: string): void {
  const marked = useRef<string | null>(null);
  useEffect(() => {
    const mark = () => {
      const last = chat?.messages.at(-1);
      if (!chat || chat.id !== chatId || !last || !tabVisible()) return;
      const key = `${chat.id} ${last.id}`;
      if (marked.current === key) return;
      marked.current = key;
      markChatRead(api, chat.id, last.id, chat.unread > 0).catch(() => (marked.current = null));
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [chat, chatId]);
}

/** Keeps the page title's count ("(3) Atende") in step with my open chats, reloaded on every live event (`tick`). */
export function useUnreadTitle(api: Api, me: string | null, tick: number): void {
  useEffect(() => {
    if (!me) {
      document.title = titleFor(0);
      return;
    }
    let current = true;
    api
      .request<Page<Chat>>('GET', `/api/v1/chats?attendantId=${encodeURIComponent(me)}&limit=100`)
      .then((page) => current && (document.title = titleFor(unreadOfMine(page.items))))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [me, tick]);
}
