import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Texts } from '../i18n';
import type { Chat, Page, QueueItem } from '../types';
import { chatItem, ChatList, OpenChat } from './ChatList';

const CLOSED = ['resolved', 'cancelled'];

/** The queue and the attendant's own chats, kept live by `tick` (a live event arrived), beside the open chat. */
export function Inbox({ api, t, tick }: { api: Api; t: Texts; tick: number }) {
  const [queue, setQueue] = useState<QueueItem[]>([]);
  const [mine, setMine] = useState<Chat[]>([]);
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    void api.request<{ items: QueueItem[] }>('GET', '/api/v1/queue').then((r) => setQueue(r.items));
    void api
      .request<Page<Chat>>('GET', `/api/v1/chats?attendantId=${encodeURIComponent(api.me!.id)}&limit=100`)
      .then((r) => setMine(r.items.filter((c) => !CLOSED.includes(c.status))));
  }, [tick]);

  return (
    <div class="inbox">
      <nav class="lists">
        <ChatList
          label={t.queue}
          t={t}
          selected={selected}
          onSelect={setSelected}
          items={queue.map((q) => ({
            id: q.chatId,
            title: q.department ?? q.chatId.slice(0, 8),
            detail: `${t.waitingSince} ${t.time(q.waitingSince)} · ${q.priority}`,
          }))}
        />
        <ChatList
          label={t.myChats}
          t={t}
          selected={selected}
          onSelect={setSelected}
          items={mine.map((c) => chatItem(c, c.channel.name))}
        />
      </nav>
      <OpenChat api={api} t={t} chatId={selected} version={tick} />
    </div>
  );
}
