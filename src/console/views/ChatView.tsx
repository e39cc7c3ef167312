import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Texts } from '../i18n';
import type { CannedResponse, ChatDetail, Directory, Message } from '../types';
import { CannedTextarea } from './CannedTextarea';
import { ContactPanel } from './ContactPanel';
import { HandoffNote, NoteComposer, NoteItem } from './Notes';
import { ChatTags, useTagCatalogue } from './ChatTags';
import { useMarkRead } from '../readState';
import { useLatest } from '../latest';
import { MessageFile, readAttachment, type Attachment } from './Files';
import { TemplatePicker } from './TemplatePicker';
import { SlaBadge } from './SlaBadge';
import { HoldControls, HoldNote } from './HoldControls';

/** How often the console tells the server the attendant is typing (the server sends at most one call per chat every 5 s). */
const TYPING_PING_MS = 3_000;

const CLOSED = ['resolved', 'cancelled'];

/**
 * One chat: its messages (with delivery status, the bot's reading and
 * draft, files), its status history and incidents, and what an attendant can
 * do with it. Reloaded whenever a live event names it (`version`).
 */
export function ChatView({ api, t, chatId, version }: { api: Api; t: Texts; chatId: string; version: number }) {
  const [chat, setChat] = useState<ChatDetail | null>(null);
  const [reply, setReply] = useState('');
  // The canned responses inserted into the reply: sent by id, so the server renders them again and counts each.
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  const [note, setNote] = useState('');
  const [target, setTarget] = useState('');
  // The composer's mode: a reply to the customer, or an internal note (docs/api.md, Notes).
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [transferNote, setTransferNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [directory, setDirectory] = useState<Directory>({ attendants: [], departments: [] });
  const catalogue = useTagCatalogue(api);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const [dragging, setDragging] = useState(false);
  const [now, setNow] = useState(Date.now());
  const lastTyping = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);

  const begin = useLatest();
  const load = () => {
    const latest = begin();
    return api
      .request<ChatDetail>('GET', `/api/v1/chats/${chatId}`)
      .then((c) => latest() && setChat(c))
      .catch((err: unknown) => latest() && setError(String(err)));
  };
  useEffect(() => {
    void load();
  }, [chatId, version]);
  useEffect(() => {
    setAttachment(null);
  }, [chatId]);
  // The 24-hour window's clock moves on its own.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
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
      // A resolve without the contact reason the setting requires: said in words, beside the picker.
      setReasonMissing(err instanceof ApiError && err.code === 'reason_required');
      setError(
        err instanceof ApiError
          ? err.code === 'reason_required'
            ? t.tagging.reasonRequired
            : `${err.code}: ${err.message}`
          : String(err),
      );
      return false;
    } finally {
      setBusy(false);
    }
  };
  const send = async (e: Event) => {
    e.preventDefault();
    const cannedResponseIds = canned.length > 0 ? { cannedResponseIds: canned.map((c) => c.id) } : {};
    const cannedFile = canned.some((c) => c.attachment);
    if (!reply.trim() && !attachment && !cannedFile) return;
    const file = attachment && {
      filename: attachment.filename,
      mimeType: attachment.mimeType,
      dataBase64: attachment.dataBase64,
    };
    const body = {
      ...(reply.trim() ? { content: reply } : {}),
      ...(file ? { attachment: file } : {}),
      ...cannedResponseIds,
    };
    if (await act('messages', body)) {
      setReply('');
      setAttachment(null);
      setCanned([]);
    }
  };
  /** A picked or dropped file: refused here over 16 MB, with the reason. */
  const attach = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      setAttachment(await readAttachment(file, t));
    } catch (err) {
      setAttachment(null);
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  /** The customer sees someone typing (best-effort: never an error here). */
  const typing = () => {
    if (Date.now() - lastTyping.current < TYPING_PING_MS) return;
    lastTyping.current = Date.now();
    void api.request('POST', `/api/v1/chats/${chatId}/typing`).catch(() => undefined);
  };
  const transfer = async (e: Event) => {
    e.preventDefault();
    // The picker's values say what they are: "department:<name>" or "attendant:<id>".
    const [kind, value] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
    if (!value) return;
    const body = {
      ...(kind === 'attendant' ? { attendantId: value } : { department: value }),
      ...(transferNote.trim() ? { note: transferNote } : {}),
    };
    if (await act('transfer', body)) {
      setTarget('');
      setTransferNote('');
    }
  };

  const mine = chat.attendantId === api.me?.id;
  const closed = CLOSED.includes(chat.status);
  const draft = [...chat.messages].reverse().find((m) => m.sender === 'customer')?.botDraft ?? null;
  // Messages and notes in one thread, in time order (a stable sort keeps each list's own order on ties).
  const thread = [
    ...chat.messages.map((m) => ({ at: m.createdAt, message: m })),
    ...chat.notes.map((n) => ({ at: n.createdAt, note: n })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const replying = mine && !closed && mode === 'reply';
  // WhatsApp: free-form replies only within 24 h of the customer's last message; a template after.
  const closesAt = chat.serviceWindow?.closesAt ? Date.parse(chat.serviceWindow.closesAt) : null;
  const windowClosed = chat.serviceWindow ? closesAt === null || closesAt <= now : false;
  const left = closesAt !== null ? Math.max(0, closesAt - now) : 0;
  const leftText = `${Math.floor(left / 3_600_000)} h ${Math.floor((left % 3_600_000) / 60_000)} min`;

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
            {chat.priority} {!closed && <SlaBadge sla={chat.sla} t={t} now={now} />}
          </p>
          {chat.status === 'on_hold' && <HoldNote t={t} hold={chat.context.hold} />}
          {chat.rating !== null && (
            <p class="muted csat">
              {t.csatRating}: <strong>{chat.rating}/5</strong>
              {chat.feedback ? <> · “{chat.feedback}”</> : null}
            </p>
          )}
          <ChatTags
            api={api}
            t={t}
            chatId={chat.id}
            tags={chat.tags}
            catalogue={catalogue}
            canEdit={api.me?.role !== 'attendant' || chat.attendantId === api.me?.id}
            onChange={load}
          />
          {chat.serviceWindow && !closed && (
            <p class={`service-window ${windowClosed ? 'closed' : 'open'}`} data-testid="service-window">
              {windowClosed ? t.windowClosed : `${t.serviceWindow}: ${t.windowClosesIn} ${leftText}`}
            </p>
          )}
        </header>

        {chat.handoffNote && !closed && <HandoffNote note={chat.handoffNote} t={t} />}

        <ol class="messages" aria-live="polite">
          {thread.map((item) =>
            'note' in item ? (
              <NoteItem key={item.note.id} note={item.note} t={t} people={directory.attendants} />
            ) : (
              <MessageItem key={item.message.id} message={item.message} api={api} t={t} />
            ),
          )}
        </ol>

        <div class="composer-modes" role="group" aria-label={t.composerMode}>
          {mine && !closed && (
            <button type="button" class="tab" aria-pressed={mode === 'reply'} onClick={() => setMode('reply')}>
              {t.reply}
            </button>
          )}
          <button type="button" class="tab note-tab" aria-pressed={!replying} onClick={() => setMode('note')}>
            {t.noteMode}
          </button>
        </div>
        {!replying && <NoteComposer api={api} t={t} chatId={chat.id} people={directory.attendants} onSaved={load} />}

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
                <HoldControls t={t} status={chat.status} busy={busy} act={act} />
                {draft && (
                  <button type="button" class="secondary" onClick={() => setReply(draft)}>
                    {t.useDraft}
                  </button>
                )}
                {replying && (
                  <>
                    {windowClosed && (
                      <>
                        <p class="window-help" id="window-help">
                          {t.windowClosedHelp}
                        </p>
                        <TemplatePicker
                          api={api}
                          t={t}
                          channelId={chat.channelId}
                          busy={busy}
                          onSend={(b) => act('template', b)}
                        />
                      </>
                    )}
                    <form
                      onSubmit={send}
                      class={`reply${dragging ? ' dragging' : ''}`}
                      onDragOver={(e) => {
                        if (windowClosed) return;
                        e.preventDefault();
                        setDragging(true);
                      }}
                      onDragLeave={() => setDragging(false)}
                      onDrop={(e) => {
                        e.preventDefault();
                        setDragging(false);
                        if (!windowClosed) void attach(e.dataTransfer?.files[0]);
                      }}
                    >
                      <label class="sr-only" for="reply">
                        {t.reply}
                      </label>
                      <CannedTextarea
                        api={api}
                        t={t}
                        id="reply"
                        value={reply}
                        disabled={windowClosed}
                        describedBy={windowClosed ? 'window-help' : undefined}
                        onValue={(text) => {
                          setReply(text);
                          typing();
                        }}
                        onInsert={(c) => setCanned((used) => (used.some((u) => u.id === c.id) ? used : [...used, c]))}
                        onSend={(e) => void send(e)}
                        context={{
                          contactName: chat.contact.name,
                          protocol: chat.protocol,
                          attendantName: api.me?.name ?? null,
                        }}
                      />
                      {canned.some((c) => c.attachment) && (
                        <p class="muted small">
                          📎 {canned.flatMap((c) => (c.attachment ? [c.attachment.filename] : [])).join(', ')}
                        </p>
                      )}
                      {attachment && (
                        <p class="attachment small" data-testid="attachment">
                          📎 {attachment.filename} ({Math.ceil(attachment.size / 1024)} kB){' '}
                          <button type="button" class="link" onClick={() => setAttachment(null)}>
                            {t.removeAttachment}
                          </button>
                        </p>
                      )}
                      <div class="inline">
                        <input
                          ref={fileInput}
                          type="file"
                          class="sr-only"
                          id="attach"
                          aria-label={t.attach}
                          tabIndex={-1}
                          disabled={windowClosed}
                          onChange={(e) => {
                            void attach(e.currentTarget.files?.[0]);
                            e.currentTarget.value = '';
                          }}
                        />
                        <button
                          type="button"
                          class="secondary"
                          disabled={windowClosed}
                          onClick={() => fileInput.current?.click()}
                        >
                          {t.attach}
                        </button>
                        <span class="muted small">{t.attachHint}</span>
                        <button
                          type="submit"
                          disabled={
                            busy || windowClosed || (!reply.trim() && !attachment && !canned.some((c) => c.attachment))
                          }
                        >
                          {t.send}
                        </button>
                      </div>
                    </form>
                  </>
                )}
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
                  <label>
                    {t.transferNote}
                    <input
                      value={transferNote}
                      maxLength={4000}
                      onInput={(e) => setTransferNote(e.currentTarget.value)}
                    />
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
                  <label>
                    {t.tagging.reason}
                    <select
                      value={reason}
                      aria-invalid={reasonMissing}
                      onChange={(e) => {
                        setReason(e.currentTarget.value);
                        setReasonMissing(false);
                      }}
                    >
                      <option value="">{t.tagging.noReason}</option>
                      {catalogue
                        .filter((tag) => tag.kind === 'reason')
                        .map((tag) => (
                          <option key={tag.id} value={tag.name}>
                            {tag.name}
                          </option>
                        ))}
                    </select>
                  </label>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={async () => {
                      const body = { ...(note.trim() ? { note } : {}), ...(reason ? { reason } : {}) };
                      if (await act('resolve', body)) {
                        setReason('');
                        setReasonMissing(false);
                      }
                    }}
                  >
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
  const who = { customer: t.customer, bot: t.bot, attendant: t.attendant, system: t.system }[m.sender] ?? m.sender;
  return (
    <li class={`message from-${m.sender}`}>
      <p class="meta">
        {who} · {t.time(m.createdAt)}
        {m.deliveryStatus && <span class={`badge delivery-${m.deliveryStatus}`}>{t.delivery_(m.deliveryStatus)}</span>}
      </p>
      <p class="content">{m.content}</p>
      {m.media && <MessageFile message={m} api={api} t={t} />}
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
