import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Texts } from '../i18n';
import { CHAT_STATUSES } from '../../../workflows/types';
import type { Chat, Page } from '../types';
import { ChatList } from './ChatList';
import { ChatView } from './ChatView';

/** Supervisors and admins: every chat, filtered by status. */
export function AllChats({ api, t, tick }: { api: Api; t: Texts; tick: number }) {
  const [status, setStatus] = useState('');
  const [chats, setChats] = useState<Chat[]>([]);
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    const query = new URLSearchParams({ limit: '100', ...(status ? { status } : {}) });
    void api.request<Page<Chat>>('GET', `/api/v1/chats?${query}`).then((r) => setChats(r.items));
  }, [tick, status]);

  return (
    <div class="inbox">
      <nav class="lists">
        <label>
          {t.status}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{t.any}</option>
            {CHAT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.status_(s)}
              </option>
            ))}
          </select>
        </label>
        <ChatList
          label={t.allChats}
          t={t}
          selected={selected}
          onSelect={setSelected}
          items={chats.map((c) => ({
            id: c.id,
            title: c.contact.name ?? c.contact.phone ?? c.id.slice(0, 8),
            detail: `${c.channel.name} · ${t.time(c.startedAt)}`,
            status: c.status,
          }))}
        />
      </nav>
      {selected ? (
        <ChatView api={api} t={t} chatId={selected} version={tick} />
      ) : (
        <p class="chat-view muted">{t.pickChat}</p>
      )}
    </div>
  );
}
