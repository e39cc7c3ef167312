import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Texts } from '../i18n';
import type { CannedResponse } from '../types';
import { CANNED_VARIABLES } from '../../cannedResponses/variables';
import { FormFooter, RowActions, useAction } from './admin/parts';

type Scope = CannedResponse['scope'];
type FileBody = { filename: string; mimeType: string; dataBase64: string };

/** A chosen file as the API takes it: base64 of its bytes. */
function readFile(file: File): Promise<FileBody> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve({
        filename: file.name,
        mimeType: file.type || 'application/octet-stream',
        dataBase64: url.slice(url.indexOf(',') + 1),
      });
    };
    reader.readAsDataURL(file);
  });
}

/**
 * Canned responses ("respostas prontas"): everyone's own, and for
 * supervisors and admins those of a department or of all. Listed as the
 * API lists what the person may use; those they may not change show no
 * buttons.
 */
export function CannedResponses({ api, t }: { api: Api; t: Texts }) {
  const me = api.me!;
  const manager = me.role === 'admin' || me.role === 'supervisor';
  const [items, setItems] = useState<CannedResponse[]>([]);
  const [q, setQ] = useState('');
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<CannedResponse | null>(null);
  const [shortcut, setShortcut] = useState('');
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [scope, setScope] = useState<Scope>('personal');
  const [department, setDepartment] = useState('');
  const [file, setFile] = useState<FileBody | null>(null);
  const [dropFile, setDropFile] = useState(false);
  const { busy, error, run, save: saveThen } = useAction();

  useEffect(() => {
    const query = q.trim() ? `?q=${encodeURIComponent(q.trim())}` : '';
    void api
      .request<{ items: CannedResponse[] }>('GET', `/api/v1/canned-responses${query}`)
      .then((r) => setItems(r.items))
      .catch(() => undefined);
  }, [q, version]);

  const edit = (c: CannedResponse | null) => {
    setEditing(c);
    setShortcut(c?.shortcut ?? '');
    setTitle(c?.title ?? '');
    setContent(c?.content ?? '');
    setScope(c?.scope ?? 'personal');
    setDepartment(c?.department ?? me.department ?? '');
    setFile(null);
    setDropFile(false);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const body = {
      shortcut,
      title,
      content,
      scope,
      ...(scope === 'department' ? { department } : editing ? { department: null } : {}),
      ...(file ? { attachment: file } : dropFile ? { attachment: null } : {}),
    };
    await saveThen(
      () =>
        editing
          ? api.request('PATCH', `/api/v1/canned-responses/${encodeURIComponent(editing.id)}`, body)
          : api.request('POST', '/api/v1/canned-responses', body),
      () => {
        edit(null);
        setVersion((v) => v + 1);
      },
    );
  };
  const remove = async (c: CannedResponse) => {
    if (!confirm(t.confirmDelete(`/${c.shortcut}`))) return;
    if (await run(() => api.request('DELETE', `/api/v1/canned-responses/${encodeURIComponent(c.id)}`))) {
      setVersion((v) => v + 1);
    }
  };
  const scopeName = (c: CannedResponse) =>
    c.scope === 'department' ? `${t.cannedScope_department}: ${c.department}` : t[`cannedScope_${c.scope}`];

  return (
    <div class="admin">
      <section class="admin-section canned-admin" aria-label={t.cannedResponses}>
        <div class="admin-list">
          <h2>{t.cannedResponses}</h2>
          <label>
            {t.cannedFilter}
            <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
          </label>
          <table>
            <caption class="sr-only">{t.cannedResponses}</caption>
            <thead>
              <tr>
                <th>{t.cannedShortcut}</th>
                <th>{t.cannedTitle}</th>
                <th>{t.cannedScope}</th>
                <th>{t.cannedUses}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <code>/{c.shortcut}</code>
                  </td>
                  <td>
                    {c.title}
                    {c.attachment && <span class="muted"> · 📎 {c.attachment.filename}</span>}
                  </td>
                  <td>{scopeName(c)}</td>
                  <td>{c.usageCount}</td>
                  {c.canEdit ? (
                    <RowActions
                      t={t}
                      name={`/${c.shortcut}`}
                      onEdit={() => edit(c)}
                      remove={{ label: t.remove, run: () => void remove(c) }}
                    />
                  ) : (
                    <td />
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {items.length === 0 && <p class="muted">{t.noResults}</p>}
        </div>

        <form
          class="admin-form"
          onSubmit={save}
          aria-label={editing ? `${t.edit}: /${editing.shortcut}` : t.newCannedResponse}
        >
          <h2>{editing ? `${t.edit}: /${editing.shortcut}` : t.newCannedResponse}</h2>
          <label>
            {t.cannedShortcut}
            <input
              required
              pattern="[a-z0-9_\-]{1,32}"
              value={shortcut}
              onInput={(e) => setShortcut(e.currentTarget.value)}
            />
          </label>
          <label>
            {t.cannedTitle}
            <input required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          </label>
          <label>
            {t.cannedContent}
            <textarea rows={6} value={content} onInput={(e) => setContent(e.currentTarget.value)} />
          </label>
          <p class="muted small">
            {t.cannedVariables}: {CANNED_VARIABLES.map((v) => `{{${v}}}`).join(' ')} · {t.cannedFallbackHint}
          </p>
          {manager && (
            <label>
              {t.cannedScope}
              <select value={scope} onChange={(e) => setScope(e.currentTarget.value as Scope)}>
                {(['personal', 'department', 'all'] as const).map((s) => (
                  <option key={s} value={s}>
                    {t[`cannedScope_${s}`]}
                  </option>
                ))}
              </select>
            </label>
          )}
          {manager && scope === 'department' && (
            <label>
              {t.department}
              <input required value={department} onInput={(e) => setDepartment(e.currentTarget.value)} />
            </label>
          )}
          <label>
            {t.cannedFile}
            <input
              type="file"
              onChange={(e) => {
                const chosen = e.currentTarget.files?.[0];
                if (chosen) void readFile(chosen).then(setFile);
                else setFile(null);
              }}
            />
          </label>
          {editing?.attachment && !file && (
            <label class="switch">
              <input type="checkbox" checked={dropFile} onChange={(e) => setDropFile(e.currentTarget.checked)} />
              {t.cannedRemoveFile}: {editing.attachment.filename}
            </label>
          )}
          <FormFooter t={t} error={error} busy={busy} editing={!!editing} onCancel={() => edit(null)} />
        </form>
      </section>
    </div>
  );
}
