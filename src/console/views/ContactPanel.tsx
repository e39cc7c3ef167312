import { useEffect, useId, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Texts } from '../i18n';
import { conflictField, fieldErrors, formatCpf, formatPhone } from '../records';
import type { Contact, ContactChat, Directory, FieldSource, Message } from '../types';
import { ContactNotes } from './Notes';
import { useLatest } from '../latest';

/** The fields a person edits, in the order they are shown. */
const FIELDS = ['name', 'phone', 'email', 'cpf'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Who the customer is: their fields with where each value came from (the
 * bot's reading of a message, an attendant's edit), the channels that know
 * them, and their chats (protocol, status), each one click away. Beside the
 * open chat (`chatId`: the one shown) or as the contact's own page. Reloaded
 * with `version` (live events).
 */
export function ContactPanel({
  api,
  t,
  contactId,
  chatId,
  version,
  page = false,
  messages = [],
  canEdit = true,
}: {
  api: Api;
  t: Texts;
  contactId: string;
  chatId?: string;
  version?: unknown;
  /** The contact's page rather than the panel beside a chat. */
  page?: boolean;
  /** The open chat's messages, to say which one the bot read a field from. */
  messages?: Message[];
  /** False hides Edit where the API would refuse it (an attendant's chat they do not hold). */
  canEdit?: boolean;
}) {
  const [contact, setContact] = useState<Contact | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [people, setPeople] = useState<Directory['attendants']>([]);
  const titleId = useId();

  const begin = useLatest();
  const load = () => {
    const latest = begin();
    return api
      .request<Contact>('GET', `/api/v1/contacts/${encodeURIComponent(contactId)}`)
      .then((c) => {
        if (!latest()) return;
        setContact(c);
        setMissing(null);
      })
      .catch(
        (err: unknown) =>
          latest() && setMissing(err instanceof ApiError && err.status === 404 ? t.notFound : String(err)),
      );
  };
  useEffect(() => {
    setContact(null);
    setEditing(false);
    setSaved(false);
  }, [contactId]);
  useEffect(() => void load(), [contactId, version]);
  useEffect(() => {
    void api
      .request<Directory>('GET', '/api/v1/directory')
      .then((d) => setPeople(d.attendants))
      .catch(() => undefined);
  }, []);

  const Tag = page ? 'section' : 'aside';
  if (!contact) {
    return (
      <Tag class={page ? 'contact-page' : 'contact-panel'} aria-label={t.contact}>
        <p class="muted">{missing ?? '…'}</p>
      </Tag>
    );
  }

  const title = contact.name || formatPhone(contact.phone) || contact.email || contact.id;
  const who = (id: string) => people.find((p) => p.id === id)?.name ?? null;
  const Heading = page ? 'h1' : 'h2';

  return (
    <Tag class={page ? 'contact-page' : 'contact-panel'} aria-labelledby={titleId}>
      <header>
        <Heading id={titleId}>
          <span class="sr-only">{t.contact}: </span>
          {title}
        </Heading>
        {!page && (
          <a href={`#/contacts/${encodeURIComponent(contact.id)}`} class="small">
            {t.openContact}
          </a>
        )}
      </header>

      {editing ? (
        <ContactForm
          api={api}
          t={t}
          contact={contact}
          onCancel={() => setEditing(false)}
          onSaved={(c) => {
            setContact({ ...contact, ...c });
            setEditing(false);
            setSaved(true);
            void load();
          }}
        />
      ) : (
        <>
          <dl class="contact-fields">
            {/* The name is the heading; an empty one is shown as such. */}
            {FIELDS.filter((f) => f !== 'name' || !contact.name).map((field) => (
              <FieldRow
                key={field}
                label={t[field]}
                value={
                  field === 'cpf'
                    ? formatCpf(contact.cpf)
                    : field === 'phone'
                      ? formatPhone(contact.phone)
                      : contact[field]
                }
                source={contact.sources?.[field]}
                t={t}
                who={who}
                messages={messages}
              />
            ))}
            {Object.entries(contact.attributes ?? {}).map(([key, value]) => (
              <FieldRow
                key={`attr-${key}`}
                label={key}
                value={String(value)}
                source={contact.sources?.[`attributes.${key}`] ?? contact.sources?.attributes}
                t={t}
                who={who}
                messages={messages}
              />
            ))}
          </dl>
          {saved && (
            <p role="status" class="small">
              {t.contactSaved}
            </p>
          )}
          {canEdit && (
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setSaved(false);
                setEditing(true);
              }}
            >
              {t.editContact}
            </button>
          )}
        </>
      )}

      <section aria-label={t.identities}>
        <h3>{t.identities}</h3>
        {contact.identities.length === 0 ? (
          <p class="muted small">{t.empty}</p>
        ) : (
          <ul class="identities">
            {contact.identities.map((i) => (
              <li key={`${i.channelId}:${i.externalId}`}>
                <span class="badge">{t.channelType_(i.channelType)}</span> {formatPhone(i.externalId)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-label={t.contactChats}>
        <h3>{t.contactChats}</h3>
        <ContactChats t={t} chats={contact.chats ?? []} current={chatId} />
      </section>

      <ContactNotes api={api} t={t} contactId={contact.id} version={version} />
    </Tag>
  );
}

function FieldRow({
  label,
  value,
  source,
  t,
  who,
  messages,
}: {
  label: string;
  value: string | null;
  source: FieldSource | undefined;
  t: Texts;
  who: (id: string) => string | null;
  messages: Message[];
}) {
  const read = source?.source === 'message' ? messages.find((m) => m.id === source.messageId) : undefined;
  return (
    <div class="contact-field">
      <dt>{label}</dt>
      <dd>
        {value || <span class="muted">—</span>}
        {value && source && (
          <span class="source small muted">
            {t.source_(source, who)}
            {read ? ` · ${t.time(read.createdAt)}: “${read.content.slice(0, 60)}”` : ''}
          </span>
        )}
      </dd>
    </div>
  );
}

/** The contact's chats, newest first: protocol, status, channel and when; the open one marked. */
function ContactChats({ t, chats, current }: { t: Texts; chats: ContactChat[]; current?: string }) {
  if (chats.length === 0) return <p class="muted small">{t.empty}</p>;
  return (
    <ul class="contact-chats">
      {chats.map((c) => {
        const channel = typeof c.channel === 'string' ? c.channel : c.channel?.name;
        return (
          <li key={c.id}>
            <a href={`#/chats/${encodeURIComponent(c.id)}`} aria-current={c.id === current ? 'page' : undefined}>
              <strong>{c.protocol ? `${t.protocol} ${c.protocol}` : `${t.chat} ${c.id.slice(0, 8)}`}</strong>
              <span class={`badge status-${c.status}`}>{t.status_(c.status)}</span>
              {c.id === current && <span class="muted small"> ({t.thisChat})</span>}
              <span class="muted small">
                {channel ? `${channel} · ` : ''}
                {t.time(c.startedAt)}
                {c.closedAt ? ` – ${t.time(c.closedAt)}` : ''}
              </span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}

type Form = Record<Field | 'attributes', string>;

const attributesText = (attributes: Contact['attributes']) =>
  Object.entries(attributes ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('\n');

/**
 * `key=value` lines back to attributes. A value keeps the type it had (a
 * number stays a number, true/false a boolean); new ones are text, so a CEP
 * keeps its leading zero.
 */
function parseAttributes(text: string, before: Contact['attributes']): Contact['attributes'] {
  const out: Contact['attributes'] = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at).trim();
    const raw = line.slice(at + 1).trim();
    if (!key) continue;
    const old = before?.[key];
    if (typeof old === 'number' && raw !== '' && Number.isFinite(Number(raw))) out[key] = Number(raw);
    else if (typeof old === 'boolean' && (raw === 'true' || raw === 'false')) out[key] = raw === 'true';
    else out[key] = raw;
  }
  return out;
}

/** PATCH /api/v1/contacts/:id with what changed; a 400 or 409 is shown at the field it names. */
function ContactForm({
  api,
  t,
  contact,
  onCancel,
  onSaved,
}: {
  api: Api;
  t: Texts;
  contact: Contact;
  onCancel: () => void;
  onSaved: (c: Contact) => void;
}) {
  const initial: Form = {
    name: contact.name ?? '',
    phone: contact.phone ?? '',
    email: contact.email ?? '',
    cpf: formatCpf(contact.cpf),
    attributes: attributesText(contact.attributes),
  };
  const [form, setForm] = useState<Form>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const save = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    for (const f of FIELDS) {
      if (form[f].trim() !== initial[f].trim()) body[f] = form[f].trim() || null;
    }
    if (form.attributes.trim() !== initial.attributes.trim()) {
      body.attributes = parseAttributes(form.attributes, contact.attributes);
    }
    setErrors({});
    setError(null);
    if (Object.keys(body).length === 0) return onCancel();
    setBusy(true);
    try {
      onSaved(await api.request<Contact>('PATCH', `/api/v1/contacts/${encodeURIComponent(contact.id)}`, body));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const byField = fieldErrors(err.details, err.message);
        setErrors(byField);
        if (Object.keys(byField).length === 0) setError(err.message);
      } else if (err instanceof ApiError && err.code === 'already_exists') {
        const field =
          Object.keys(fieldErrors(err.details, err.message))[0] ??
          conflictField(err.details, err.message, ['phone', 'cpf', 'email']);
        if (field) setErrors({ [field]: t.alreadyExistsField });
        setError(t.alreadyExists);
      } else {
        setError(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const input = (field: keyof Form, type: 'text' | 'tel' | 'email' = 'text') => {
    const problem = errors[field];
    return (
      <div class="field">
        <label for={`${id}-${field}`}>{field === 'attributes' ? t.attributesHint : t[field]}</label>
        {field === 'attributes' ? (
          <textarea
            id={`${id}-${field}`}
            rows={3}
            value={form[field]}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? `${id}-${field}-error` : undefined}
            onInput={(e) => setForm({ ...form, [field]: e.currentTarget.value })}
          />
        ) : (
          <input
            id={`${id}-${field}`}
            type={type as 'text'}
            value={form[field]}
            inputMode={field === 'cpf' ? 'numeric' : undefined}
            autocomplete="off"
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? `${id}-${field}-error` : undefined}
            onInput={(e) => setForm({ ...form, [field]: e.currentTarget.value })}
          />
        )}
        {problem && (
          <span id={`${id}-${field}-error`} class="error small">
            {problem}
          </span>
        )}
      </div>
    );
  };

  return (
    <form class="contact-form" onSubmit={save} aria-label={t.editContact}>
      {input('name')}
      {input('phone', 'tel')}
      {input('email', 'email')}
      {input('cpf')}
      {input('attributes')}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {Object.keys(errors).length > 0 && !error && (
        <p role="alert" class="error">
          {Object.entries(errors)
            .map(([f, m]) => `${(t as unknown as Record<string, string>)[f] ?? f}: ${m}`)
            .join(' · ')}
        </p>
      )}
      <div class="inline">
        <button type="submit" disabled={busy}>
          {t.save}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
