import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import type { RetentionCounts } from '../../../../workflows/retentionTypes';
import { FormFooter, useAction } from './parts';

/** GET|PUT /api/v1/retention's shape (src/retention/settings.ts). */
interface RetentionSettings {
  closedChatsDays: number | null;
  mediaDays: number | null;
  auditDays: number | null;
  channels: Record<string, { closedChatsDays?: number | null; mediaDays?: number | null }>;
}

const FIELDS = ['closedChatsDays', 'mediaDays', 'auditDays'] as const;
type Field = (typeof FIELDS)[number];

/** An empty box keeps forever (null); anything else goes to the API as a number, which judges it (400 naming the field). */
const toDays = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));

/**
 * GET|PUT /api/v1/retention and POST /api/v1/retention/run (admins): how
 * long content is kept, what a run would remove now (dry run), and a run
 * started at once. Channels' own rules are kept as they are.
 */
export function RetentionAdmin({ api, t }: { api: Api; t: Texts }) {
  const r = t.retention;
  const [loaded, setLoaded] = useState<RetentionSettings | null>(null);
  const [days, setDays] = useState<Record<Field, string>>({ closedChatsDays: '', mediaDays: '', auditDays: '' });
  const [saved, setSaved] = useState(false);
  const [counts, setCounts] = useState<RetentionCounts | null>(null);
  const [started, setStarted] = useState(false);
  const { busy, error, run, save: saveThen } = useAction();
  const show = (s: RetentionSettings) => {
    setLoaded(s);
    setDays(Object.fromEntries(FIELDS.map((f) => [f, s[f] === null ? '' : String(s[f])])) as Record<Field, string>);
  };
  useEffect(() => {
    void api
      .request<RetentionSettings>('GET', '/api/v1/retention')
      .then(show)
      .catch(() => undefined);
  }, []);
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const body = { ...Object.fromEntries(FIELDS.map((f) => [f, toDays(days[f])])), channels: loaded?.channels ?? {} };
    await saveThen(
      () => api.request<RetentionSettings>('PUT', '/api/v1/retention', body).then(show),
      () => setSaved(true),
    );
  };
  const dryRun = () =>
    run(() =>
      api
        .request<{ counts: RetentionCounts }>('POST', '/api/v1/retention/run?dryRun=true')
        .then((res) => setCounts(res.counts)),
    );
  const runNow = async () => {
    if (!confirm(r.confirmRun)) return;
    setStarted(false);
    if (await run(() => api.request('POST', '/api/v1/retention/run'))) setStarted(true);
  };
  const overridden = Object.keys(loaded?.channels ?? {}).length;
  return (
    <section class="admin-section" aria-label={r.title}>
      <form class="admin-form" onSubmit={save} aria-label={r.title}>
        <h2>{r.title}</h2>
        <p class="muted small">{r.hint}</p>
        {FIELDS.map((f) => (
          <label key={f}>
            {r.fields[f]}
            <input
              type="number"
              inputMode="numeric"
              placeholder={r.forever}
              value={days[f]}
              onInput={(e) => setDays({ ...days, [f]: (e.target as HTMLInputElement).value })}
            />
          </label>
        ))}
        {overridden > 0 && <p class="muted small">{r.channelsKept(overridden)}</p>}
        <FormFooter t={t} error={error} busy={busy} editing={false} onCancel={() => undefined} />
        {saved && (
          <p role="status" class="muted small">
            {t.calendar.saved}
          </p>
        )}
      </form>
      <div class="admin-form" aria-label={r.dryRun}>
        <div class="inline">
          <button type="button" class="secondary" disabled={busy} onClick={() => void dryRun()}>
            {r.dryRun}
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={() => void runNow()}>
            {r.runNow}
          </button>
        </div>
        {counts && (
          <table aria-label={r.wouldGo}>
            <caption>{r.wouldGo}</caption>
            <tbody>
              {(Object.keys(r.counts) as Array<keyof RetentionCounts>).map((k) => (
                <tr key={k}>
                  <th scope="row">{r.counts[k]}</th>
                  <td>{counts[k]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {started && (
          <p role="status" class="muted small">
            {r.started}
          </p>
        )}
      </div>
    </section>
  );
}
