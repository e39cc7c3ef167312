import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import type { ResolutionSettings, Tag } from '../../types';
import { TagChip } from '../ChatTags';
import { FormFooter, RowActions, useAction } from './parts';

const yes = /^(sim|s|yes|y|true|1)$/i;

/** `departamento=sim` lines to the setting's map, and back. */
const toDepartments = (text: string): ResolutionSettings['departments'] =>
  Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.includes('='))
      .map((line) => {
        const at = line.lastIndexOf('=');
        return [line.slice(0, at).trim(), { requireReason: yes.test(line.slice(at + 1).trim()) }];
      }),
  );
const fromDepartments = (d: ResolutionSettings['departments'], t: Texts) =>
  Object.entries(d)
    .map(([name, s]) => `${name}=${s.requireReason ? t.yes.toLowerCase() : t.no.toLowerCase()}`)
    .join('\n');

/**
 * The tag catalogue (admins and supervisors): labels and contact reasons,
 * their colors; deleting archives. Admins also set whether a resolve needs
 * a contact reason, for everyone or per department.
 */
export function TagsAdmin({ api, t, isAdmin }: { api: Api; t: Texts; isAdmin: boolean }) {
  const [tags, setTags] = useState<Tag[]>([]);
  const [editing, setEditing] = useState<Tag | null>(null);
  const [name, setName] = useState('');
  const [color, setColor] = useState('#0b6bcb');
  const [kind, setKind] = useState<Tag['kind']>('label');
  const { busy, error, run, save: saveThen } = useAction();
  const reload = () =>
    api
      .request<{ items: Tag[] }>('GET', '/api/v1/tags')
      .then((r) => setTags(r.items))
      .catch(() => undefined);
  useEffect(() => {
    void reload();
  }, []);

  const edit = (tag: Tag | null) => {
    setEditing(tag);
    setName(tag?.name ?? '');
    setColor(tag?.color ?? '#0b6bcb');
    setKind(tag?.kind ?? 'label');
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const body = { name, color, kind };
    await saveThen(
      () =>
        editing ? api.request('PATCH', `/api/v1/tags/${editing.id}`, body) : api.request('POST', '/api/v1/tags', body),
      async () => {
        edit(null);
        await reload();
      },
    );
  };
  const archive = async (tag: Tag) => {
    if (!confirm(t.confirmDelete(tag.name))) return;
    if (await run(() => api.request('DELETE', `/api/v1/tags/${tag.id}`))) await reload();
  };

  return (
    <section class="admin-section" aria-label={t.tagging.catalogue}>
      <div class="admin-list">
        <table>
          <caption class="sr-only">{t.tagging.catalogue}</caption>
          <thead>
            <tr>
              <th>{t.name}</th>
              <th>{t.tagging.kind}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tags.map((tag) => (
              <tr key={tag.id}>
                <td>
                  <TagChip name={tag.name} color={tag.color} />
                </td>
                <td>{tag.kind === 'reason' ? t.tagging.reasonKind : t.tagging.label}</td>
                <RowActions
                  t={t}
                  name={tag.name}
                  onEdit={() => edit(tag)}
                  remove={{ label: t.tagging.archive, run: () => void archive(tag) }}
                />
              </tr>
            ))}
          </tbody>
        </table>
        {isAdmin && <ResolutionForm api={api} t={t} />}
      </div>

      <form class="admin-form" onSubmit={save} aria-label={editing ? `${t.edit}: ${editing.name}` : t.tagging.newTag}>
        <h2>{editing ? `${t.edit}: ${editing.name}` : t.tagging.newTag}</h2>
        <label>
          {t.name}
          <input required maxLength={50} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          {t.tagging.color}
          <input type="color" value={color} onInput={(e) => setColor(e.currentTarget.value)} />
        </label>
        <label>
          {t.tagging.kind}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as Tag['kind'])}>
            <option value="label">{t.tagging.label}</option>
            <option value="reason">{t.tagging.reasonKind}</option>
          </select>
        </label>
        <FormFooter t={t} error={error} busy={busy} editing={!!editing} onCancel={() => edit(null)} />
      </form>
    </section>
  );
}

/** GET|PUT /api/v1/settings/resolution (admins). */
function ResolutionForm({ api, t }: { api: Api; t: Texts }) {
  const [required, setRequired] = useState(false);
  const [departments, setDepartments] = useState('');
  const [saved, setSaved] = useState(false);
  const { busy, error, save: saveThen } = useAction();
  useEffect(() => {
    void api
      .request<ResolutionSettings>('GET', '/api/v1/settings/resolution')
      .then((s) => {
        setRequired(s.requireReason);
        setDepartments(fromDepartments(s.departments, t));
      })
      .catch(() => undefined);
  }, []);
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    await saveThen(
      () =>
        api.request('PUT', '/api/v1/settings/resolution', {
          requireReason: required,
          departments: toDepartments(departments),
        }),
      () => setSaved(true),
    );
  };
  return (
    <form class="admin-form" onSubmit={save} aria-label={t.tagging.resolution}>
      <h2>{t.tagging.resolution}</h2>
      <label class="switch">
        <input type="checkbox" checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} />
        {t.tagging.requireReason}
      </label>
      <label>
        {t.tagging.departmentsHint}
        <textarea rows={3} value={departments} onInput={(e) => setDepartments(e.currentTarget.value)} />
      </label>
      {saved && <p class="muted small">{t.tagging.saved}</p>}
      <FormFooter t={t} error={error} busy={busy} editing={false} onCancel={() => undefined} />
    </form>
  );
}
