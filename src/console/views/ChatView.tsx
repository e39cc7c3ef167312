import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Texts } from '../i18n';
import type { ChatDetail, Directory, Message } from '../types';
import { ContactPanel } from './ContactPanel';
import { useMarkRead } from '../readState';

const CLOSED = ['resolved', 'cancelled'];

/**
 * One chat: its messages (with delivery status, the bot's reading and
 * draft, files), its status history and incidents, and what an attendant can
 * do with it. Reloaded whenever a live event names it (`version`).
 */
export function ChatView({ api, t, chatId, version }: { api: Api; t: Texts; chatId: string; version: number }) {
  const [chat, setChat] = useState<ChatDetail | null>(null);
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [directory, setDirectory] = useState<Directory>({ attendants: [], departments: [] });

  const load = () =>
    api
      .request<ChatDetail>('GET', `/api/v1/chats/${chatId}`)
      .then(setChat)
      .catch((err: unknown) => setError(String(err)));
  useEffect(() => {
    void load();
  }, [chatId, version]);
  useEffect(() => {
    void api
      .request<Directory>('GET', '/api/v1/directory')
      .then(setDirectory)
      .catch(() => undefined);
  }, []);
  // Read state: what is on screen in a visible tab is marked read (src/console/readState.ts).
  useMarkRead(api, chat, chatId);

  if (!chat) return <section class="chat-view muted">{error ?? '…'}</section>;
  if (chat.id !== chatId) return <section class="chat-view muted">…</section>;

  const act = async (path: string, body?: unknown) => {
    setBusy(true);
    setError(null);
    try {
      await api.request('POST', `/api/v1/chats/${chatId}/${path}`, body ?? {});
      await load();
      return true;
    } catch (err) {
      setError(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const send = async (e: Event) => {
    e.preventDefault();
    if (reply.trim() && (await act('messages', { content: reply }))) setReply('');
  };
  const transfer = async (e: Event) => {
    e.preventDefault();
    // The picker's values say what they are: "department:<name>" or "attendant:<id>".
    const [kind, value] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
    if (!value) return;
    const body = kind === 'attendant' ? { attendantId: value } : { department: value };
    if (await act('transfer', body)) setTarget('');
  };

  const mine = chat.attendantId === api.me?.id;
  const closed = CLOSED.includes(chat.status);
  const draft = [...chat.messages].reverse().find((m) => m.sender === 'customer')?.botDraft ?? null;

  return (
    <div class="chat-area">
      <section class="chat-view" aria-label={chat.contact.name ?? chat.id}>
        <header>
          <h2>{chat.contact.name ?? chat.contact.phone ?? chat.id}</h2>
          <p class="muted">
            {chat.protocol && (
              <>
                {t.protocol} <span class="protocol">{chat.protocol}</span> ·{' '}
              </>
            )}
            {chat.channel.name} · <span class={`badge status-${chat.status}`}>{t.status_(chat.status)}</span> ·{' '}
            {chat.priority}
          </p>
        </header>

        <ol class="messages" aria-live="polite">
          {chat.messages.map((m) => (
            <MessageItem key={m.id} message={m} api={api} t={t} />
          ))}
        </ol>

        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}

        {!closed && (
          <div class="actions">
            {!mine && (
              <button type="button" disabled={busy} onClick={() => act('claim')}>
                {t.claim}
              </button>
            )}
            {mine && (
              <>
                {draft && (
                  <button type="button" class="secondary" onClick={() => setReply(draft)}>
                    {t.useDraft}
                  </button>
                )}
                <form onSubmit={send} class="reply">
                  <label class="sr-only" for="reply">
                    {t.reply}
                  </label>
                  <textarea
                    id="reply"
                    rows={3}
                    placeholder={t.replyPlaceholder}
                    value={reply}
                    onInput={(e) => setReply(e.currentTarget.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send(e);
                    }}
                  />
                  <button type="submit" disabled={busy || !reply.trim()}>
                    {t.send}
                  </button>
                </form>
                <form onSubmit={transfer} class="inline">
                  <label>
                    {t.transferTo}
                    <select value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
                      <option value="">—</option>
                      <optgroup label={t.departments}>
                        {directory.departments.map((d) => (
                          <option key={d} value={`department:${d}`}>
                            {d}
                          </option>
                        ))}
                      </optgroup>
                      <optgroup label={t.people}>
                        {directory.attendants
                          .filter((a) => a.id !== api.me?.id)
                          .map((a) => (
                            <option key={a.id} value={`attendant:${a.id}`}>
                              {a.name}
                              {a.department ? ` (${a.department})` : ''} · {a.available ? t.available : t.unavailable}
                            </option>
                          ))}
                      </optgroup>
                    </select>
                  </label>
                  <button type="submit" class="secondary" disabled={busy || !target}>
                    {t.transfer}
                  </button>
                </form>
                <div class="inline">
                  <button type="button" class="secondary" disabled={busy} onClick={() => act('release')}>
                    {t.release}
                  </button>
                  <label>
                    {t.resolveNote}
                    <input value={note} onInput={(e) => setNote(e.currentTarget.value)} />
                  </label>
                  <button type="button" disabled={busy} onClick={() => act('resolve', note.trim() ? { note } : {})}>
                    {t.resolve}
                  </button>
                </div>
              </>
            )}
          </div>
        )}

        <details>
          <summary>{t.history}</summary>
          <ol class="history">
            {chat.statusHistory.map((s) => (
              <li key={`${s.at}-${s.to}`}>
                {t.time(s.at)} · {s.from ? `${t.status_(s.from)} → ` : ''}
                {t.status_(s.to)} · {s.actor}
                {s.note ? ` · ${s.note}` : ''}
              </li>
            ))}
          </ol>
        </details>
        {chat.incidents.length > 0 && (
          <details open>
            <summary>{t.incidents}</summary>
            <ul>
              {chat.incidents.map((i) => (
                <li key={i.at}>
                  {t.time(i.at)} · {i.reason}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
      {chat.contactId ? (
        <ContactPanel
          api={api}
          t={t}
          contactId={chat.contactId}
          chatId={chat.id}
          version={version}
          messages={chat.messages}
          // Attendants edit the contacts of the chats they hold; supervisors and admins any.
          canEdit={api.me?.role !== 'attendant' || mine}
        />
      ) : (
        <aside class="contact-panel muted">{t.noContact}</aside>
      )}
    </div>
  );
}

function MessageItem({ message: m, api, t }: { message: Message; api: Api; t: Texts }) {
  const [fileUrl, setFileUrl] = useState<string | null>(null);
  const who = { customer: t.customer, bot: t.bot, attendant: t.attendant, system: t.system }[m.sender] ?? m.sender;
  return (
    <li class={`message from-${m.sender}`}>
      <p class="meta">
        {who} · {t.time(m.createdAt)}
        {m.deliveryStatus && <span class={`badge delivery-${m.deliveryStatus}`}>{t.delivery_(m.deliveryStatus)}</span>}
      </p>
      <p class="content">{m.content}</p>
      {m.media && (
        <p>
          {fileUrl ? (
            <a href={fileUrl} target="_blank" rel="noopener">
              {t.open} {t.file}
            </a>
          ) : (
            <button type="button" class="link" onClick={() => void api.mediaUrl(m.id).then(setFileUrl)}>
              {t.file}
            </button>
          )}
        </p>
      )}
      {m.intent && (
        <p class="muted small">
          {t.intent}: {m.intent} · {t.confidence}: {Math.round((m.confidence ?? 0) * 100)}%
          {m.entities && Object.keys(m.entities).length > 0 ? ` · ${JSON.stringify(m.entities)}` : ''}
        </p>
      )}
      {m.botDraft && (
        <p class="draft small">
          {t.botDraft}: {m.botDraft}
        </p>
      )}
    </li>
  );
}
