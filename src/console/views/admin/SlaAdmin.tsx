import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import type { SlaPolicy } from '../../../sla/policies';
import { FormFooter, useAction } from './parts';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;

/** One policy as the form edits it: every field a string or a flag; blanks are left out when saved. */
interface Draft {
  name: string;
  priority: string;
  department: string;
  channelId: string;
  tag: string;
  firstResponse: string;
  nextResponse: string;
  resolution: string;
  businessHours: boolean;
  warnAt: string;
  requeue: boolean;
  raisePriority: boolean;
}

const EMPTY: Draft = {
  name: '',
  priority: '',
  department: '',
  channelId: '',
  tag: '',
  firstResponse: '',
  nextResponse: '',
  resolution: '',
  businessHours: false,
  warnAt: '0.8',
  requeue: false,
  raisePriority: false,
};

const toDraft = (p: SlaPolicy): Draft => ({
  name: p.name,
  priority: p.match.priority ?? '',
  department: p.match.department ?? '',
  channelId: p.match.channelId ?? '',
  tag: p.match.tag ?? '',
  firstResponse: p.targets.firstResponse ?? '',
  nextResponse: p.targets.nextResponse ?? '',
  resolution: p.targets.resolution ?? '',
  businessHours: p.businessHours,
  warnAt: String(p.warnAt),
  requeue: p.onBreach?.requeue ?? false,
  raisePriority: p.onBreach?.raisePriority ?? false,
});

const given = <T extends Record<string, string>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v.trim() !== ''));

const fromDraft = (d: Draft) => ({
  name: d.name,
  match: given({ priority: d.priority, department: d.department, channelId: d.channelId, tag: d.tag }),
  targets: given({ firstResponse: d.firstResponse, nextResponse: d.nextResponse, resolution: d.resolution }),
  businessHours: d.businessHours,
  warnAt: Number(d.warnAt),
  ...(d.requeue || d.raisePriority ? { onBreach: { requeue: d.requeue, raisePriority: d.raisePriority } } : {}),
});

/** GET|PUT /api/v1/sla-policies (admins): the ordered list, the first that matches a chat is its policy. */
export function SlaAdmin({ api, t }: { api: Api; t: Texts }) {
  const s = t.sla;
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [saved, setSaved] = useState(false);
  const { busy, error, save: saveThen } = useAction();
  useEffect(() => {
    void api
      .request<SlaPolicy[]>('GET', '/api/v1/sla-policies')
      .then((list) => setDrafts(list.map(toDraft)))
      .catch(() => undefined);
  }, []);
  // Shown once loaded, so nothing typed before the list arrives is lost.
  if (!drafts) return null;
  const set = (i: number, patch: Partial<Draft>) => setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    await saveThen(
      () => api.request<SlaPolicy[]>('PUT', '/api/v1/sla-policies', drafts.map(fromDraft)),
      () => setSaved(true),
    );
  };
  const text = (i: number, key: keyof Draft, label: string, placeholder = '') => (
    <label>
      {label}
      <input
        value={drafts[i]![key] as string}
        placeholder={placeholder}
        onInput={(e) => set(i, { [key]: e.currentTarget.value })}
      />
    </label>
  );
  const flag = (i: number, key: 'businessHours' | 'requeue' | 'raisePriority', label: string) => (
    <label class="switch">
      <input type="checkbox" checked={drafts[i]![key]} onChange={(e) => set(i, { [key]: e.currentTarget.checked })} />
      {label}
    </label>
  );
  return (
    <section class="admin-section" aria-label={s.policies}>
      <form class="admin-form" onSubmit={save} aria-label={s.policies}>
        <h2>{s.policies}</h2>
        <p class="muted small">{s.hint}</p>
        {drafts.map((d, i) => (
          <fieldset key={i} class="sla-policy" aria-label={d.name || `${s.policies} ${i + 1}`}>
            {text(i, 'name', s.name)}
            <label>
              {s.priority}
              <select value={d.priority} onChange={(e) => set(i, { priority: e.currentTarget.value })}>
                <option value="">{s.any}</option>
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            {text(i, 'department', s.department, s.any)}
            {text(i, 'channelId', s.channelId, s.any)}
            {text(i, 'tag', s.tag, s.any)}
            {TARGETS.map((target) => text(i, target, s[target], '4 hours'))}
            {flag(i, 'businessHours', s.businessHours)}
            <label>
              {s.warnAt}
              <input
                type="number"
                min="0.05"
                max="1"
                step="0.05"
                value={d.warnAt}
                onInput={(e) => set(i, { warnAt: e.currentTarget.value })}
              />
            </label>
            {flag(i, 'requeue', s.requeue)}
            {flag(i, 'raisePriority', s.raisePriority)}
            <div class="inline">
              <button
                type="button"
                class="secondary"
                aria-label={`${s.remove}: ${d.name}`}
                onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}
              >
                {s.remove}
              </button>
            </div>
          </fieldset>
        ))}
        <div class="inline">
          <button type="button" class="secondary" onClick={() => setDrafts([...drafts, { ...EMPTY }])}>
            {s.add}
          </button>
        </div>
        {saved && <p class="muted small">{s.saved}</p>}
        <FormFooter t={t} error={error} busy={busy} editing={false} onCancel={() => undefined} />
      </form>
    </section>
  );
}
