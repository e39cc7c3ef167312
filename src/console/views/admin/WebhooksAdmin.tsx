import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import { CHAT_EVENT_TYPES } from '../../../events/chatEvents';
import { useLatest } from '../../latest';
import { LoadMore } from '../paging';
import { FormFooter, useAction } from './parts';

/** A subscription as GET /api/v1/webhooks answers it (never its secret). */
interface Webhook {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
}

/** One delivery as GET /api/v1/webhooks/:id/deliveries answers it. */
interface Delivery {
  id: number;
  eventId: number;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
}

/** A page of them, newest first; `nextBefore` asks for the next. */
type DeliveryPage = { items: Delivery[]; nextBefore: number | null };

/** A secret the receiver will check signatures with: 32 random bytes as hex, shown so it can be copied there. */
function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Event webhooks (admins; docs/api.md "Event webhooks"): subscribe a URL to
 * live events, change or pause it, delete it; see each subscription's
 * deliveries and send one again.
 */
export function WebhooksAdmin({ api, t }: { api: Api; t: Texts }) {
  const w = t.webhooks;
  const [items, setItems] = useState<Webhook[]>([]);
  const [editing, setEditing] = useState<Webhook | null>(null);
  const [open, setOpen] = useState<Webhook | null>(null);
  const [url, setUrl] = useState('');
  const [all, setAll] = useState(true);
  const [events, setEvents] = useState<string[]>([]);
  const [secret, setSecret] = useState('');
  const { busy, error, run, save: saveThen } = useAction();
  const reload = () =>
    api
      .request<{ items: Webhook[] }>('GET', '/api/v1/webhooks')
      .then((r) => setItems(r.items))
      .catch(() => undefined);
  useEffect(() => {
    void reload();
  }, []);

  const edit = (hook: Webhook | null) => {
    setEditing(hook);
    setUrl(hook?.url ?? '');
    setAll(!hook || hook.events.includes('*'));
    setEvents(hook && !hook.events.includes('*') ? hook.events : []);
    setSecret('');
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const body = {
      url,
      events: all ? ['*'] : events,
      // Editing: a blank secret keeps the one set.
      ...(secret || !editing ? { secret } : {}),
    };
    await saveThen(
      () =>
        editing
          ? api.request('PATCH', `/api/v1/webhooks/${encodeURIComponent(editing.id)}`, body)
          : api.request('POST', '/api/v1/webhooks', body),
      async () => {
        edit(null);
        await reload();
      },
    );
  };
  const setActive = async (hook: Webhook, active: boolean) => {
    if (await run(() => api.request('PATCH', `/api/v1/webhooks/${encodeURIComponent(hook.id)}`, { active })))
      await reload();
  };
  const remove = async (hook: Webhook) => {
    if (!confirm(t.confirmDelete(hook.url))) return;
    if (await run(() => api.request('DELETE', `/api/v1/webhooks/${encodeURIComponent(hook.id)}`))) {
      if (open?.id === hook.id) setOpen(null);
      await reload();
    }
  };
  const toggle = (type: string) =>
    setEvents(events.includes(type) ? events.filter((x) => x !== type) : [...events, type]);

  return (
    <section class="admin-section webhooks" aria-label={w.title}>
      <div class="admin-list">
        <p class="muted">{w.intro}</p>
        <table>
          <caption class="sr-only">{w.title}</caption>
          <thead>
            <tr>
              <th>{w.url}</th>
              <th>{w.events}</th>
              <th>{w.state}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((hook) => (
              <tr key={hook.id} class={hook.active ? undefined : 'inactive'}>
                <td>
                  <code>{hook.url}</code>
                </td>
                <td>{hook.events.includes('*') ? w.allEvents : hook.events.join(', ')}</td>
                <td>{hook.active ? w.active : w.paused}</td>
                <td class="row-actions">
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`${t.edit}: ${hook.url}`}
                    onClick={() => edit(hook)}
                  >
                    {t.edit}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`${hook.active ? w.pause : w.resume}: ${hook.url}`}
                    onClick={() => void setActive(hook, !hook.active)}
                  >
                    {hook.active ? w.pause : w.resume}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    aria-pressed={open?.id === hook.id}
                    aria-label={`${w.deliveries}: ${hook.url}`}
                    onClick={() => setOpen(open?.id === hook.id ? null : hook)}
                  >
                    {w.deliveries}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`${t.remove}: ${hook.url}`}
                    onClick={() => void remove(hook)}
                  >
                    {t.remove}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length === 0 && <p class="muted">{w.none}</p>}
        {open && <Deliveries key={open.id} api={api} t={t} hook={open} />}
      </div>

      <form class="admin-form" onSubmit={save} aria-label={editing ? `${t.edit}: ${editing.url}` : w.create}>
        <h2>{editing ? `${t.edit}: ${editing.url}` : w.create}</h2>
        <label>
          {w.url}
          <input
            required
            type="url"
            placeholder="https://"
            value={url}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </label>
        <fieldset>
          <legend>{w.events}</legend>
          <label class="scope">
            <input type="checkbox" checked={all} onChange={() => setAll(!all)} />
            {w.allEvents}
          </label>
          {!all &&
            CHAT_EVENT_TYPES.map((type) => (
              <label key={type} class="scope">
                <input type="checkbox" checked={events.includes(type)} onChange={() => toggle(type)} />
                {w.eventNames[type] ?? type} <code class="muted">{type}</code>
              </label>
            ))}
        </fieldset>
        <label>
          {w.secret}
          <input
            value={secret}
            required={!editing}
            minLength={16}
            maxLength={256}
            autoComplete="off"
            onInput={(e) => setSecret(e.currentTarget.value)}
          />
        </label>
        <p class="muted small">{editing ? w.secretKeep : w.secretHint}</p>
        <button type="button" class="secondary" onClick={() => setSecret(randomSecret())}>
          {w.generate}
        </button>
        <FormFooter t={t} error={error} busy={busy} editing={!!editing} onCancel={() => edit(null)} />
      </form>
    </section>
  );
}

const PAGE = 20;

/** A subscription's deliveries, newest first, by status; each can be sent again. */
function Deliveries({ api, t, hook }: { api: Api; t: Texts; hook: Webhook }) {
  const w = t.webhooks;
  const [status, setStatus] = useState('');
  const [rows, setRows] = useState<Delivery[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const { busy, error, run } = useAction();
  const path = (before: number | null) =>
    `/api/v1/webhooks/${encodeURIComponent(hook.id)}/deliveries?${new URLSearchParams({
      limit: String(PAGE),
      ...(status ? { status } : {}),
      ...(before ? { before: String(before) } : {}),
    }).toString()}`;

  const beginLoad = useLatest();

  useEffect(() => {
    const latest = beginLoad();
    void run(async () => {
      const page = await api.request<DeliveryPage>('GET', path(null));
      if (!latest()) return;
      setRows(page.items);
      setNextBefore(page.nextBefore);
    });
  }, [status, version]);

  const more = () =>
    void run(async () => {
      const page = await api.request<DeliveryPage>('GET', path(nextBefore));
      setRows((prev) => [...prev, ...page.items]);
      setNextBefore(page.nextBefore);
    });
  const redeliver = (d: Delivery) =>
    void run(async () => {
      await api.request('POST', `/api/v1/webhooks/${encodeURIComponent(hook.id)}/deliveries/${d.id}/redeliver`);
      setVersion((v) => v + 1);
    });
  const outcome = (d: Delivery) =>
    d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? (d.attempts === 0 ? '' : '—'));

  return (
    <div class="webhook-deliveries">
      <h3>
        {w.deliveries}: <code>{hook.url}</code>
      </h3>
      <div class="inline audit-filters">
        <div class="field">
          <label for="webhook-delivery-status">{w.state}</label>
          <select id="webhook-delivery-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{t.any}</option>
            <option value="pending">{w.status.pending}</option>
            <option value="delivered">{w.status.delivered}</option>
            <option value="failed">{w.status.failed}</option>
          </select>
        </div>
        <button type="button" class="secondary" disabled={busy} onClick={() => setVersion((v) => v + 1)}>
          {w.refresh}
        </button>
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <table aria-label={w.deliveries}>
        <thead>
          <tr>
            <th>{w.when}</th>
            <th>{w.event}</th>
            <th>{w.state}</th>
            <th>{w.attempts}</th>
            <th>{w.lastAnswer}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <td>{t.time(d.createdAt)}</td>
              <td>
                {w.eventNames[d.eventType] ?? d.eventType} <code class="muted">#{d.eventId}</code>
              </td>
              <td>{w.status[d.status]}</td>
              <td>{d.attempts}</td>
              <td>{outcome(d)}</td>
              <td class="row-actions">
                {d.status !== 'pending' && (
                  <button
                    type="button"
                    class="secondary"
                    disabled={busy}
                    aria-label={`${w.redeliver}: #${d.eventId}`}
                    onClick={() => redeliver(d)}
                  >
                    {w.redeliver}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !busy && <p class="muted">{w.noDeliveries}</p>}
      <LoadMore t={t} list={w.deliveries} more={nextBefore !== null} loading={busy} onMore={more} />
    </div>
  );
}
