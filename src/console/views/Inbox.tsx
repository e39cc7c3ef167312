import type { Api } from '../api';
import type { Texts } from '../i18n';
import type { Chat, QueueItem } from '../types';
import { chatItem, ChatList, OpenChat } from './ChatList';
import { usePaged } from './paging';

const CLOSED = ['resolved', 'cancelled'];

/**
 * The queue and the attendant's own chats, kept live by `tick` (a live
 * event arrived), beside the open chat and its contact. `selected`/`onSelect`:
 * the open chat, kept by the app so the search can open one here too.
 */
export function Inbox({
  api,
  t,
  tick,
  selected,
  onSelect,
}: {
  api: Api;
  t: Texts;
  tick: number;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const queue = usePaged<QueueItem>(api, '/api/v1/queue', tick, (q) => q.chatId);
  const mine = usePaged<Chat>(api, `/api/v1/chats?attendantId=${encodeURIComponent(api.me!.id)}`, tick, (c) => c.id);

  return (
    <div class="inbox">
      <nav class="lists" aria-label={t.inbox}>
        <ChatList
          label={t.queue}
          t={t}
          selected={selected}
          onSelect={onSelect}
          more={queue.more}
          loading={queue.loading}
          onMore={queue.loadMore}
          items={queue.items.map((q) => ({
            id: q.chatId,
            title: q.department ?? q.chatId.slice(0, 8),
            detail: `${t.waitingSince} ${t.time(q.waitingSince)} · ${q.priority}`,
            unread: q.unread,
            sla: q.sla,
          }))}
        />
        <ChatList
          label={t.myChats}
          t={t}
          selected={selected}
          onSelect={onSelect}
          more={mine.more}
          loading={mine.loading}
          onMore={mine.loadMore}
          items={mine.items.filter((c) => !CLOSED.includes(c.status)).map((c) => chatItem(c, c.channel.name))}
        />
      </nav>
      <OpenChat api={api} t={t} chatId={selected} version={tick} />
    </div>
  );
}
