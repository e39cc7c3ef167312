import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import type { BusinessHours, CalendarWeekday, Slot } from '../../../calendar/businessCalendar';
import type { AutomaticMessages, AutomaticMessageLocale, AutomaticTexts } from '../../../automaticMessages/texts';
import { FormFooter, useAction } from './parts';

const DAYS: CalendarWeekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "08:00-12:00, 13:00-18:00" → slots, and back; the API validates (400 naming the day and slot). */
const toSlots = (text: string): Slot[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [start = '', end = ''] = part.split('-').map((s) => s.trim());
      return { start, end };
    });
const fromSlots = (slots: Slot[] | undefined) => (slots ?? []).map((s) => `${s.start}-${s.end}`).join(', ');
/** "2026-12-24 Véspera de Natal" lines → holidays, and back. */
const toHolidays = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf(' ');
      return at < 0 ? { date: line, name: line } : { date: line.slice(0, at), name: line.slice(at + 1).trim() };
    });

/** GET|PUT /api/v1/business-hours (admins): weekly slots, holidays, Brazil's national holidays. Department overrides are kept as they are. */
export function BusinessHoursAdmin({ api, t }: { api: Api; t: Texts }) {
  const c = t.calendar;
  const [loaded, setLoaded] = useState<BusinessHours | null>(null);
  const [timezone, setTimezone] = useState('America/Sao_Paulo');
  const [days, setDays] = useState<Record<CalendarWeekday, string>>(
    Object.fromEntries(DAYS.map((d) => [d, ''])) as Record<CalendarWeekday, string>,
  );
  const [holidays, setHolidays] = useState('');
  const [national, setNational] = useState(false);
  const [saved, setSaved] = useState(false);
  const { busy, error, save: saveThen } = useAction();
  const show = (h: BusinessHours) => {
    setLoaded(h);
    setTimezone(h.timezone);
    setDays(Object.fromEntries(DAYS.map((d) => [d, fromSlots(h.weekly[d])])) as Record<CalendarWeekday, string>);
    setHolidays(h.holidays.map((x) => `${x.date} ${x.name}`).join('\n'));
    setNational(h.nationalHolidays === 'BR');
  };
  useEffect(() => {
    void api
      .request<BusinessHours>('GET', '/api/v1/business-hours')
      .then(show)
      .catch(() => undefined);
  }, []);
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const weekly = Object.fromEntries(DAYS.filter((d) => days[d].trim() !== '').map((d) => [d, toSlots(days[d])]));
    const body = {
      timezone,
      weekly,
      holidays: toHolidays(holidays),
      nationalHolidays: national ? 'BR' : null,
      departments: loaded?.departments ?? {},
    };
    await saveThen(
      () => api.request<BusinessHours>('PUT', '/api/v1/business-hours', body),
      () => setSaved(true),
    );
  };
  const departments = Object.keys(loaded?.departments ?? {});
  return (
    <section class="admin-section" aria-label={c.hours}>
      <form class="admin-form" onSubmit={save} aria-label={c.hours}>
        <h2>{c.hours}</h2>
        <p class="muted small">{c.hoursHint}</p>
        <label>
          {c.timezone}
          <input required value={timezone} onInput={(e) => setTimezone(e.currentTarget.value)} />
        </label>
        {DAYS.map((d) => (
          <label key={d}>
            {c.days[d]}
            <input
              placeholder={c.closed}
              value={days[d]}
              onInput={(e) => setDays({ ...days, [d]: e.currentTarget.value })}
            />
          </label>
        ))}
        <label>
          {c.holidays}
          <textarea
            rows={3}
            placeholder="2026-12-24 Véspera de Natal"
            value={holidays}
            onInput={(e) => setHolidays(e.currentTarget.value)}
          />
        </label>
        <label class="switch">
          <input type="checkbox" checked={national} onChange={(e) => setNational(e.currentTarget.checked)} />
          {c.nationalHolidays}
        </label>
        {departments.length > 0 && <p class="muted small">{c.departmentsKept(departments.join(', '))}</p>}
        {saved && <p class="muted small">{c.saved}</p>}
        <FormFooter t={t} error={error} busy={busy} editing={false} onCancel={() => undefined} />
      </form>
    </section>
  );
}

type MessagesView = AutomaticMessages & {
  builtIn: Record<AutomaticMessageLocale, AutomaticTexts>;
  variables: Record<string, string[]>;
};

/** GET|PUT /api/v1/automatic-messages (admins): the company's text per key and language, with a preview. Channel texts are kept as they are. */
export function AutomaticMessagesAdmin({ api, t }: { api: Api; t: Texts }) {
  const c = t.calendar;
  const [view, setView] = useState<MessagesView | null>(null);
  const [locale, setLocale] = useState<AutomaticMessageLocale>('pt-BR');
  const [drafts, setDrafts] = useState<Partial<Record<AutomaticMessageLocale, Record<string, string>>>>({});
  const [previews, setPreviews] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const { busy, error, run, save: saveThen } = useAction();
  const show = (v: MessagesView) => {
    setView(v);
    setDrafts({
      'pt-BR': { ...(v.default['pt-BR'] ?? {}) } as Record<string, string>,
      en: { ...(v.default.en ?? {}) } as Record<string, string>,
    });
  };
  useEffect(() => {
    void api
      .request<MessagesView>('GET', '/api/v1/automatic-messages')
      .then(show)
      .catch(() => undefined);
  }, []);
  if (!view) return null;
  const texts = drafts[locale] ?? {};
  const setText = (key: string, value: string) => setDrafts({ ...drafts, [locale]: { ...texts, [key]: value } });
  const cleaned = (l: AutomaticMessageLocale) =>
    Object.fromEntries(Object.entries(drafts[l] ?? {}).filter(([, v]) => v.trim() !== ''));
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const body = { default: { 'pt-BR': cleaned('pt-BR'), en: cleaned('en') }, channels: view.channels };
    await saveThen(
      () => api.request('PUT', '/api/v1/automatic-messages', body),
      () => setSaved(true),
    );
  };
  const preview = async (key: string) => {
    const text = texts[key]?.trim() ? texts[key] : undefined;
    await run(async () => {
      const r = await api.request<{ text: string | null }>('POST', '/api/v1/automatic-messages/preview', {
        key,
        locale,
        ...(text ? { text } : {}),
      });
      setPreviews({ ...previews, [`${locale}:${key}`]: r.text ?? c.notSent });
    });
  };
  return (
    <section class="admin-section" aria-label={c.messages}>
      <form class="admin-form" onSubmit={save} aria-label={c.messages}>
        <h2>{c.messages}</h2>
        <p class="muted small">{c.messagesHint}</p>
        <label>
          {c.locale}
          <select value={locale} onChange={(e) => setLocale(e.currentTarget.value as AutomaticMessageLocale)}>
            <option value="pt-BR">Português (Brasil)</option>
            <option value="en">English</option>
          </select>
        </label>
        {Object.entries(view.variables).map(([key, vars]) => (
          <div key={key} class="field">
            <label>
              {c.keys[key as keyof typeof c.keys] ?? key}
              <textarea
                rows={2}
                placeholder={view.builtIn[locale][key as keyof AutomaticTexts] ?? c.notSent}
                value={texts[key] ?? ''}
                onInput={(e) => setText(key, e.currentTarget.value)}
              />
            </label>
            <span class="muted small">
              {c.variables}: {vars.length ? vars.map((v) => `{{${v}}}`).join(' ') : '—'}
            </span>
            <div class="inline">
              <button
                type="button"
                class="secondary"
                aria-label={`${c.preview}: ${c.keys[key as keyof typeof c.keys] ?? key}`}
                onClick={() => void preview(key)}
              >
                {c.preview}
              </button>
            </div>
            {previews[`${locale}:${key}`] !== undefined && (
              <output class="small" aria-label={`${c.previewOf} ${key}`}>
                {previews[`${locale}:${key}`]}
              </output>
            )}
          </div>
        ))}
        {Object.keys(view.channels).length > 0 && <p class="muted small">{c.channelsKept}</p>}
        {saved && <p class="muted small">{c.saved}</p>}
        <FormFooter t={t} error={error} busy={busy} editing={false} onCancel={() => undefined} />
      </form>
    </section>
  );
}
