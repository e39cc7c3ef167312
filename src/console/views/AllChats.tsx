import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Texts } from '../i18n';
import { CHAT_STATUSES } from '../../../workflows/types';
import type { Chat, Directory } from '../types';
import { chatItem, ChatList, OpenChat } from './ChatList';
import { usePaged } from './paging';
import { useTagCatalogue } from './ChatTags';

/** Supervisors and admins: every chat, filtered by status and attendant. */
export function AllChats({ api, t, tick }: { api: Api; t: Texts; tick: number }) {
  const [status, setStatus] = useState('');
  const [attendantId, setAttendantId] = useState('');
  const [tag, setTag] = useState('');
  const catalogue = useTagCatalogue(api);
  const [people, setPeople] = useState<Directory['attendants']>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const query = new URLSearchParams({
    ...(status ? { status } : {}),
    ...(attendantId ? { attendantId } : {}),
    ...(tag ? { tag } : {}),
  });
  const chats = usePaged<Chat>(api, `/api/v1/chats?${query}`, tick, (c) => c.id);
  useEffect(() => {
    void api.request<Directory>('GET', '/api/v1/directory').then((d) => setPeople(d.attendants));
  }, []);

  return (
    <div class="inbox">
      <nav class="lists" aria-label={t.allChats}>
        {/* Labels beside (not around) the selects, so their names are not mixed with the options' text. */}
        <div class="field">
          <label for="filter-status">{t.status}</label>
          <select id="filter-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{t.any}</option>
            {CHAT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.status_(s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-attendant">{t.attendant}</label>
          <select id="filter-attendant" value={attendantId} onChange={(e) => setAttendantId(e.currentTarget.value)}>
            <option value="">{t.any}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-tag">{t.tagging.filter}</label>
          <select id="filter-tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)}>
            <option value="">{t.any}</option>
            {catalogue.map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <ChatList
          label={t.allChats}
          t={t}
          selected={selected}
          onSelect={setSelected}
          more={chats.more}
          loading={chats.loading}
          onMore={chats.loadMore}
          items={chats.items.map((c) => chatItem(c, `${c.channel.name} · ${t.time(c.startedAt)}`))}
        />
      </nav>
      <OpenChat api={api} t={t} chatId={selected} version={tick} />
    </div>
  );
}
