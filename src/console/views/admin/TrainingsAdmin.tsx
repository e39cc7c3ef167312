import { useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import type { Training } from '../../types';
import { LoadMore, usePaged } from '../paging';
import { FormFooter, RowActions, useAction } from './parts';

/** Documents are edited as text, one per block: a blank line starts the next. */
const toText = (t: Training) => t.documents.map((d) => d.pageContent).join('\n\n');
const toDocuments = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((pageContent) => ({ pageContent }));

/** The bot's knowledge (admins and supervisors): trainings by tag, their group, documents and whether they are in use. */
export function TrainingsAdmin({ api, t }: { api: Api; t: Texts }) {
  const [version, setVersion] = useState(0);
  const list = usePaged<Training>(api, '/api/v1/trainings', version, (tr) => tr.tag);
  const trainings = list.items;
  const [editing, setEditing] = useState<Training | null>(null);
  const [tag, setTag] = useState('');
  const [group, setGroup] = useState('');
  const [text, setText] = useState('');
  const [finished, setFinished] = useState(true);
  const { busy, error, run, save: saveThen } = useAction();
  const reload = () => setVersion((v) => v + 1);

  const edit = (tr: Training | null) => {
    setEditing(tr);
    setTag(tr?.tag ?? '');
    setGroup(tr?.group ?? '');
    setText(tr ? toText(tr) : '');
    setFinished(tr?.finished ?? true);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const body = { group, documents: toDocuments(text), finished };
    await saveThen(
      () =>
        editing
          ? api.request('PUT', `/api/v1/trainings/${encodeURIComponent(editing.tag)}`, body)
          : api.request('POST', '/api/v1/trainings', { tag, ...body }),
      async () => {
        edit(null);
        await reload();
      },
    );
  };
  const remove = async (tr: Training) => {
    if (!confirm(t.confirmDelete(tr.tag))) return;
    if (await run(() => api.request('DELETE', `/api/v1/trainings/${encodeURIComponent(tr.tag)}`))) await reload();
  };

  return (
    <section class="admin-section" aria-label={t.trainings}>
      <div class="admin-list">
        <table>
          <caption class="sr-only">{t.trainings}</caption>
          <thead>
            <tr>
              <th>{t.tag}</th>
              <th>{t.group}</th>
              <th>{t.documents}</th>
              <th>{t.finished}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {trainings.map((tr) => (
              <tr key={tr.tag}>
                <td>
                  <code>{tr.tag}</code>
                </td>
                <td>{tr.group}</td>
                <td>{tr.documents.length}</td>
                <td>{tr.finished ? t.yes : t.no}</td>
                <RowActions
                  t={t}
                  name={tr.tag}
                  onEdit={() => edit(tr)}
                  remove={{ label: t.remove, run: () => void remove(tr) }}
                />
              </tr>
            ))}
          </tbody>
        </table>
        <LoadMore t={t} list={t.trainings} more={list.more} loading={list.loading} onMore={list.loadMore} />
      </div>

      <form class="admin-form" onSubmit={save} aria-label={editing ? `${t.edit}: ${editing.tag}` : t.newTraining}>
        <h2>{editing ? `${t.edit}: ${editing.tag}` : t.newTraining}</h2>
        <label>
          {t.tag}
          <input required disabled={!!editing} value={tag} onInput={(e) => setTag(e.currentTarget.value)} />
        </label>
        <label>
          {t.group}
          <input required value={group} onInput={(e) => setGroup(e.currentTarget.value)} />
        </label>
        <label>
          {t.documentsHint}
          <textarea rows={8} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <label class="switch">
          <input type="checkbox" checked={finished} onChange={(e) => setFinished(e.currentTarget.checked)} />
          {t.finishedHint}
        </label>
        <FormFooter t={t} error={error} busy={busy} editing={!!editing} onCancel={() => edit(null)} />
      </form>
    </section>
  );
}
