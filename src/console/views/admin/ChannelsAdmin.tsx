import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import type { Channel, ChannelCreateBody, ChannelType } from '../../types';
import { LoadMore, usePaged } from '../paging';
import { FormFooter, RowActions, useAction } from './parts';
import { InactivityEditor, inactivityBody, inactivityValues } from './InactivityEditor';

/** A channel type's own fields; the keys are checked against the server's create schema. */
type FieldOf<T extends ChannelType> = Exclude<
  keyof Extract<ChannelCreateBody, { type: T }>,
  'type' | 'name' | 'department'
>;
type FieldSpec<T extends ChannelType> = { key: FieldOf<T>; secret?: boolean; options?: readonly string[] };
const FIELDS: { [T in ChannelType]: FieldSpec<T>[] } = {
  api: [{ key: 'secret', secret: true }, { key: 'callbackUrl' }],
  telegram: [
    { key: 'botToken', secret: true },
    { key: 'secret', secret: true },
    { key: 'mode', options: ['webhook', 'polling'] },
  ],
  whatsapp: [
    { key: 'phoneNumberId' },
    { key: 'wabaId' },
    { key: 'accessToken', secret: true },
    { key: 'appSecret', secret: true },
    { key: 'verifyToken', secret: true },
  ],
};
const TYPES = Object.keys(FIELDS) as ChannelType[];

/**
 * Channels (admin). Secrets are write-only: the API answers only which are
 * set, so an edit leaves a blank secret as it was.
 */
export function ChannelsAdmin({ api, t }: { api: Api; t: Texts }) {
  const [version, setVersion] = useState(0);
  const list = usePaged<Channel>(api, '/api/v1/channels', version, (c) => c.id);
  const channels = list.items;
  const [editing, setEditing] = useState<Channel | null>(null);
  const [type, setType] = useState<ChannelType>('api');
  const [values, setValues] = useState<Record<string, string>>({});
  const [active, setActive] = useState(true);
  const [inactivity, setInactivity] = useState(inactivityValues(null));
  const { busy, error, run, save: saveThen } = useAction();
  const reload = () => setVersion((v) => v + 1);

  const edit = (c: Channel | null) => {
    setEditing(c);
    setType(c?.type ?? 'api');
    setActive(c?.active ?? true);
    setInactivity(inactivityValues(c?.inactivity));
    const plain: Record<string, string> = { name: c?.name ?? '', department: String(c?.department ?? '') };
    for (const f of FIELDS[c?.type ?? 'api'] as FieldSpec<ChannelType>[]) {
      if (!f.secret) plain[f.key] = c && c[f.key] !== undefined ? String(c[f.key]) : (f.options?.[0] ?? '');
    }
    setValues(plain);
  };
  useEffect(() => edit(null), []);

  const fields = FIELDS[type] as FieldSpec<ChannelType>[];
  const set = (key: string, value: string) => setValues({ ...values, [key]: value });
  const save = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = { name: values.name };
    const department = values.department?.trim();
    if (department) body.department = department;
    for (const f of fields) if (values[f.key]) body[f.key] = values[f.key];
    body.inactivity = inactivityBody(inactivity);
    if (editing) body.active = active;
    else body.type = type;
    await saveThen(
      () =>
        editing
          ? api.request('PATCH', `/api/v1/channels/${editing.id}`, body)
          : api.request('POST', '/api/v1/channels', body),
      async () => {
        edit(null);
        await reload();
      },
    );
  };
  const remove = async (c: Channel) => {
    if (!confirm(t.confirmDelete(c.name))) return;
    if (await run(() => api.request('DELETE', `/api/v1/channels/${c.id}`))) await reload();
  };

  return (
    <section class="admin-section" aria-label={t.channels}>
      <div class="admin-list">
        <table>
          <caption class="sr-only">{t.channels}</caption>
          <thead>
            <tr>
              <th>{t.name}</th>
              <th>{t.type}</th>
              <th>{t.department}</th>
              <th>{t.webhook}</th>
              <th>{t.secretsSet}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.id} class={c.active ? '' : 'inactive'}>
                <td>
                  {c.name}
                  {!c.active && <span class="badge">{t.inactive}</span>}
                </td>
                <td>{c.type}</td>
                <td>{String(c.department ?? '—')}</td>
                <td>
                  <code>{c.webhookPath}</code>
                </td>
                <td>{c.secretsSet.join(', ')}</td>
                <RowActions
                  t={t}
                  name={c.name}
                  onEdit={() => edit(c)}
                  remove={{ label: t.remove, run: () => void remove(c) }}
                />
              </tr>
            ))}
          </tbody>
        </table>
        <LoadMore t={t} list={t.channels} more={list.more} loading={list.loading} onMore={list.loadMore} />
      </div>

      <form class="admin-form" onSubmit={save} aria-label={editing ? `${t.edit}: ${editing.name}` : t.newChannel}>
        <h2>{editing ? `${t.edit}: ${editing.name}` : t.newChannel}</h2>
        <label>
          {t.type}
          <select
            value={type}
            disabled={!!editing}
            onChange={(e) => {
              const next = e.currentTarget.value as ChannelType;
              setType(next);
              setValues({ name: values.name ?? '', department: values.department ?? '' });
            }}
          >
            {TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {ty}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.name}
          <input required value={values.name ?? ''} onInput={(e) => set('name', e.currentTarget.value)} />
        </label>
        <label>
          {t.department}
          <input value={values.department ?? ''} onInput={(e) => set('department', e.currentTarget.value)} />
        </label>
        {fields.map((f) => (
          <label key={f.key}>
            {t.channelField(f.key)}
            {f.options ? (
              <select value={values[f.key] ?? f.options[0]} onChange={(e) => set(f.key, e.currentTarget.value)}>
                {f.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...(f.secret
                  ? { type: 'password' as const, placeholder: editing ? t.keepSecret : '' }
                  : { type: 'text' as const })}
                autocomplete="off"
                required={!editing || !f.secret}
                value={values[f.key] ?? ''}
                onInput={(e) => set(f.key, e.currentTarget.value)}
              />
            )}
          </label>
        ))}
        <InactivityEditor t={t} values={inactivity} onChange={setInactivity} />
        {editing && (
          <label class="switch">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
            {t.active}
          </label>
        )}
        <FormFooter t={t} error={error} busy={busy} editing={!!editing} onCancel={() => edit(null)} />
      </form>
    </section>
  );
}
