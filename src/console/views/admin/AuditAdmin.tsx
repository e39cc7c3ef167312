import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import { AUDIT_ACTIONS } from '../../../audit/actions';
import type { Attendant } from '../../types';
import { LoadMore, usePaged } from '../paging';

/** One entry as GET /api/v1/audit answers it. */
interface AuditEntry {
  id: number;
  at: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  target: { type: string; id: string } | null;
  details: Record<string, unknown>;
  ip: string | null;
}

/** A day of the date input as the instant its local midnight is (`next`: the day after's). */
const dayStart = (day: string, next = false) => {
  const d = new Date(`${day}T00:00:00`);
  if (next) d.setDate(d.getDate() + 1);
  return d.toISOString();
};

/**
 * "Auditoria" (admins): the audit log, newest first, filtered by who, what
 * and the days between two dates (both included), a page at a time, and the
 * same filters as a CSV file (GET /api/v1/audit.csv).
 */
export function AuditAdmin({ api, t }: { api: Api; t: Texts }) {
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [people, setPeople] = useState<Attendant[]>([]);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    void api.request<{ items: Attendant[] }>('GET', '/api/v1/attendants').then((r) => setPeople(r.items));
  }, []);
  const query = new URLSearchParams({
    ...(actor ? { actor } : {}),
    ...(action ? { action } : {}),
    ...(from ? { from: dayStart(from) } : {}),
    ...(to ? { to: dayStart(to, true) } : {}),
  }).toString();
  const entries = usePaged<AuditEntry>(api, `/api/v1/audit?${query}`, null, (e) => String(e.id));

  const who = (e: AuditEntry) =>
    e.actor.type === 'system'
      ? t.audit.system
      : e.actor.type === 'anonymous'
        ? t.audit.anonymous
        : (e.actor.name ?? e.actor.id ?? e.actor.type);
  /** A target in words: its kind, and a person's name where the console knows it (the id otherwise, to search by). */
  const describeTarget = (target: { type: string; id: string }) => {
    const name = target.type === 'attendant' ? people.find((p) => p.id === target.id)?.name : undefined;
    return (
      <>
        {t.audit.targets[target.type] ?? target.type}{' '}
        {name ?? (
          <code class="muted" title={target.id}>
            {target.id}
          </code>
        )}
      </>
    );
  };
  const download = async () => {
    setFailed(false);
    try {
      const { blob, filename } = await api.download(`/api/v1/audit.csv?${query}`);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename ?? 'auditoria.csv';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setFailed(true);
    }
  };

  return (
    <section class="admin-section audit" aria-label={t.audit.title}>
      <div>
        <p class="muted">{t.audit.intro}</p>
        <form class="inline audit-filters" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="audit-actor">{t.audit.actor}</label>
            <select id="audit-actor" value={actor} onChange={(e) => setActor(e.currentTarget.value)}>
              <option value="">{t.any}</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
              <option value="system">{t.audit.system}</option>
              <option value="anonymous">{t.audit.anonymous}</option>
            </select>
          </div>
          <div class="field">
            <label for="audit-action">{t.audit.action}</label>
            <select id="audit-action" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
              <option value="">{t.any}</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t.audit.actions[a] ?? a}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="audit-from">{t.audit.from}</label>
            <input id="audit-from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="audit-to">{t.audit.to}</label>
            <input id="audit-to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          </div>
          <button type="button" class="secondary" onClick={() => void download()}>
            {t.audit.downloadCsv}
          </button>
          {failed && (
            <span role="alert" class="error">
              {t.audit.downloadFailed}
            </span>
          )}
        </form>
        {entries.error && (
          <p role="alert" class="error">
            {entries.error}
          </p>
        )}
        <table aria-label={t.audit.title}>
          <thead>
            <tr>
              <th>{t.audit.when}</th>
              <th>{t.audit.actor}</th>
              <th>{t.audit.action}</th>
              <th>{t.audit.target}</th>
              <th>{t.audit.details}</th>
              <th>{t.audit.ip}</th>
            </tr>
          </thead>
          <tbody>
            {entries.items.map((e) => (
              <tr key={e.id}>
                <td>{t.time(e.at)}</td>
                <td>{who(e)}</td>
                <td title={e.action}>{t.audit.actions[e.action] ?? e.action}</td>
                <td>{e.target && describeTarget(e.target)}</td>
                <td>
                  <code>{Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : ''}</code>
                </td>
                <td>{e.ip ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries.loaded && entries.items.length === 0 && <p class="muted">{t.audit.empty}</p>}
        <LoadMore t={t} list={t.audit.title} more={entries.more} loading={entries.loading} onMore={entries.loadMore} />
      </div>
    </section>
  );
}
