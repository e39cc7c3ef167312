import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Texts } from '../i18n';
import type { ContactNote, Directory, MentionData, Note } from '../types';
import { LoadMore, usePaged } from './paging';

type Person = Directory['attendants'][number];

/** Lower case without accents, so "jose" finds "José". */
const folded = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('pt-BR');

/** The `@word` being typed just before the caret, if any. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|\s)@([\p{L}\p{N}._-]*)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[1]!.length - 1, query: match[1]! };
}

/** A padlock drawn inline (no emoji font needed): the mark of what the customer never sees. */
function LockIcon() {
  return (
    <svg class="lock-icon" aria-hidden="true" viewBox="0 0 16 16" width="12" height="12">
      <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.6" />
    </svg>
  );
}

/** A private note in the thread: another look, a lock and the words that say the customer never sees it. */
export function NoteItem({ note, t, people }: { note: Note; t: Texts; people: Person[] }) {
  const named = note.mentions.map((id) => people.find((p) => p.id === id)?.name ?? id);
  return (
    <li class={`note kind-${note.kind}`} aria-label={t.internalNote}>
      <p class="meta">
        <span class="note-label">
          <LockIcon /> {t.internalNote}
        </span>{' '}
        · {note.author.name} · {t.time(note.createdAt)}
        {note.kind === 'transfer' && <span class="badge">{t.handoffNote}</span>}
      </p>
      <p class="content">{note.content}</p>
      {named.length > 0 && (
        <p class="muted small">
          {t.mentions}: {named.map((n) => `@${n}`).join(', ')}
        </p>
      )}
    </li>
  );
}

/** The last transfer's note, pinned above the thread while the chat is open. */
export function HandoffNote({ note, t }: { note: Note; t: Texts }) {
  return (
    <aside class="note handoff" aria-label={t.handoffNote}>
      <p class="meta">
        <LockIcon /> <strong>{t.handoffNote}</strong> · {note.author.name} · {t.time(note.createdAt)} ·{' '}
        <span class="note-label">{t.internalNote}</span>
      </p>
      <p class="content">{note.content}</p>
    </aside>
  );
}

/**
 * The composer's "Nota interna" mode: a note for the team, never sent to the
 * customer. Typing `@` and part of a name opens a list of colleagues
 * (the directory); picking one writes `@Name` and adds them to the mentions,
 * which each get a live notice.
 */
export function NoteComposer({
  api,
  t,
  chatId,
  people,
  onSaved,
}: {
  api: Api;
  t: Texts;
  chatId: string;
  people: Person[];
  onSaved: () => unknown;
}) {
  const [text, setText] = useState('');
  const [mentioned, setMentioned] = useState<Person[]>([]);
  const [typing, setTyping] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  // Where the caret goes once a picked name is in the text (set before the next key arrives).
  const caretTo = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (caretTo.current === null || !area.current) return;
    area.current.focus();
    area.current.setSelectionRange(caretTo.current, caretTo.current);
    caretTo.current = null;
  }, [text]);
  const listId = useId();

  const others = people.filter((p) => p.id !== api.me?.id);
  const matches = typing ? others.filter((p) => folded(p.name).includes(folded(typing.query))).slice(0, 6) : [];

  const follow = (el: HTMLTextAreaElement) => {
    setText(el.value);
    setTyping(mentionAt(el.value, el.selectionStart ?? el.value.length));
    setActive(0);
  };
  const pick = (person: Person) => {
    if (!typing) return;
    const caret = typing.start + 1 + typing.query.length;
    const next = `${text.slice(0, typing.start)}@${person.name} ${text.slice(caret)}`;
    setText(next);
    setTyping(null);
    setMentioned((m) => (m.some((p) => p.id === person.id) ? m : [...m, person]));
    caretTo.current = typing.start + person.name.length + 2;
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (!text.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.request('POST', `/api/v1/chats/${encodeURIComponent(chatId)}/notes`, {
        content: text,
        ...(mentioned.length > 0 ? { mentions: mentioned.map((p) => p.id) } : {}),
      });
      setText('');
      setMentioned([]);
      await onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="reply note-composer" onSubmit={save}>
      <p class="note-label small">
        <LockIcon /> {t.internalNote}
      </p>
      <label class="sr-only" for={`${listId}-note`}>
        {t.noteMode}
      </label>
      <textarea
        id={`${listId}-note`}
        ref={area}
        rows={3}
        placeholder={t.notePlaceholder}
        value={text}
        aria-autocomplete="list"
        aria-expanded={matches.length > 0}
        aria-controls={listId}
        onInput={(e) => follow(e.currentTarget)}
        onKeyDown={(e) => {
          if (matches.length > 0 && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
            e.preventDefault();
            setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
          } else if (matches.length > 0 && (e.key === 'Enter' || e.key === 'Tab')) {
            e.preventDefault();
            pick(matches[active]!);
          } else if (e.key === 'Escape') {
            setTyping(null);
          } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            void save(e);
          }
        }}
      />
      {matches.length > 0 && (
        <ul id={listId} role="listbox" class="mention-picker" aria-label={t.mentionPicker}>
          {matches.map((p, i) => (
            <li
              key={p.id}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                // Keeps the textarea's focus and caret.
                e.preventDefault();
                pick(p);
              }}
            >
              {p.name}
              {p.department ? <span class="muted small"> · {p.department}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {mentioned.length > 0 && (
        <ul class="mentions" aria-label={t.mentions}>
          {mentioned.map((p) => (
            <li key={p.id} class="badge">
              @{p.name}{' '}
              <button
                type="button"
                class="link"
                aria-label={`${t.removeMention}: ${p.name}`}
                onClick={() => setMentioned((m) => m.filter((x) => x.id !== p.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy || !text.trim()}>
        {t.saveNote}
      </button>
    </form>
  );
}

/** The contact's notes across the chats the caller may read, newest first. */
export function ContactNotes({
  api,
  t,
  contactId,
  version,
}: {
  api: Api;
  t: Texts;
  contactId: string;
  version: unknown;
}) {
  const notes = usePaged<ContactNote>(
    api,
    `/api/v1/contacts/${encodeURIComponent(contactId)}/notes`,
    version,
    (n) => n.id,
    20,
  );
  return (
    <section aria-label={t.contactNotes}>
      <h3>{t.contactNotes}</h3>
      {notes.loaded && notes.items.length === 0 && <p class="muted small">{t.noNotes}</p>}
      <ul class="contact-notes">
        {notes.items.map((n) => (
          <li key={n.id} class="note">
            <p class="meta small">
              <LockIcon /> {n.author.name} · {t.time(n.createdAt)}
              {n.protocol ? ` · ${t.protocol} ${n.protocol}` : ''}
            </p>
            <p class="content">{n.content}</p>
          </li>
        ))}
      </ul>
      <LoadMore t={t} list={t.contactNotes} more={notes.more} loading={notes.loading} onMore={notes.loadMore} />
    </section>
  );
}

/** In-app notices of `note.mentioned` events for the signed-in attendant; each opens its chat or is dismissed. */
export function MentionNotices({
  t,
  notices,
  onOpen,
  onDismiss,
}: {
  t: Texts;
  notices: (MentionData & { id: string })[];
  onOpen: (chatId: string) => void;
  onDismiss: (id: string) => void;
}) {
  if (notices.length === 0) return null;
  return (
    <section class="mention-notices" role="status" aria-label={t.mentions}>
      {notices.map((n) => (
        <div key={n.id} class="mention-notice">
          <button type="button" class="link" onClick={() => onOpen(n.chatId)}>
            <strong>@ {n.author.name}</strong> {t.mentionedYou}: “{n.excerpt}”
          </button>
          <button type="button" class="secondary" aria-label={t.dismiss} onClick={() => onDismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
