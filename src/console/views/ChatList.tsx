import type { Api } from '../api';
import type { Texts } from '../i18n';
import type { Chat } from '../types';
import { ChatView } from './ChatView';
import { LoadMore } from './paging';
import { SlaBadge } from './SlaBadge';
import type { SlaView } from '../../../workflows/slaView';
import { useNow } from './useNow';

export interface ChatListItem {
  id: string;
  title: string;
  detail: string;
  status?: string;
  /** Customer messages the attendant has not read yet (a badge when > 0). */
  unread?: number;
  /** Its SLA, shown as a countdown badge. */
  sla?: SlaView | null;
}

/** A chat as a list line: the contact (or a short id), and what `detail` says of it (after its protocol). */
export const chatItem = (c: Chat, detail: string): ChatListItem => ({
  id: c.id,
  title: c.contact.name ?? c.contact.phone ?? c.id.slice(0, 8),
  detail: c.protocol ? `${c.protocol} · ${detail}` : detail,
  status: c.status,
  unread: c.unread,
  sla: c.sla,
});

/** The chat picked from a list, or an invitation to pick one. */
export function OpenChat({ api, t, chatId, version }: { api: Api; t: Texts; chatId: string | null; version: number }) {
  return chatId ? (
    <ChatView api={api} t={t} chatId={chatId} version={version} />
  ) : (
    <p class="chat-view muted">{t.pickChat}</p>
  );
}

/** A list of chats to open; the selected one is marked for assistive technology too. */
export function ChatList({
  label,
  items,
  selected,
  onSelect,
  t,
  more = false,
  loading = false,
  onMore = () => undefined,
}: {
  label: string;
  items: ChatListItem[];
  selected: string | null;
  onSelect: (id: string) => void;
  t: Texts;
  /** The API has more than shown: "load more" asks for the next page. */
  more?: boolean;
  loading?: boolean;
  onMore?: () => unknown;
}) {
  const now = useNow();
  return (
    <section class="chat-list" aria-label={label}>
      <h2>
        {label} <span class="count">{more ? `${items.length}+` : items.length}</span>
      </h2>
      {items.length === 0 ? (
        <p class="muted">{t.empty}</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                class={item.id === selected ? 'selected' : ''}
                aria-current={item.id === selected ? 'true' : undefined}
                onClick={() => onSelect(item.id)}
              >
                <strong>
                  {item.title}
                  {(item.unread ?? 0) > 0 && (
                    <span class="badge unread" role="img" aria-label={t.unread_(item.unread!)}>
                      {item.unread}
                    </span>
                  )}
                </strong>
                <span class="muted">{item.detail}</span>
                {item.sla && <SlaBadge sla={item.sla} t={t} now={now} />}
                {item.status && <span class={`badge status-${item.status}`}>{t.status_(item.status)}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      <LoadMore t={t} list={label} more={more} loading={loading} onMore={onMore} />
    </section>
  );
}
