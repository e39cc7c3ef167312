import { useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import { ROLES } from '../../../../workflows/types';
import type { Attendant } from '../../types';
import { LoadMore, usePaged } from '../paging';
import { FormFooter, RowActions, useAction } from './parts';
import { PersonSecurity } from './PersonSecurity';
import { FieldError, invalid, issuesAt } from './issues';
import { fromHoursForm, toHoursForm, WorkingHoursEditor, type HoursForm } from './WorkingHoursEditor';

interface Form {
  name: string;
  email: string;
  password: string;
  role: string;
  department: string;
  skills: string;
  maxConcurrent: string;
  timezone: string;
  workingHours: HoursForm;
}
const EMPTY: Form = {
  name: '',
  email: '',
  password: '',
  role: 'attendant',
  department: '',
  skills: '',
  maxConcurrent: '5',
  timezone: 'America/Sao_Paulo',
  workingHours: toHoursForm({}),
};
const toForm = (a: Attendant): Form => ({
  name: a.name,
  email: a.email,
  password: '',
  role: a.role,
  department: a.department ?? '',
  skills: a.skills.join(', '),
  maxConcurrent: String(a.maxConcurrent),
  timezone: a.timezone,
  workingHours: toHoursForm(a.workingHours),
});

/** Attendants (admin): who they are, their department, skills and capacity; create, edit, deactivate. */
export function AttendantsAdmin({ api, t }: { api: Api; t: Texts }) {
  const [version, setVersion] = useState(0);
  const list = usePaged<Attendant>(api, '/api/v1/attendants', version, (a) => a.id);
  const people = list.items;
  const [editing, setEditing] = useState<Attendant | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const { busy, error, run, save: saveThen } = useAction();
  /** The last 400's problems by field (`workingHours.mon`, `timezone`). */
  const [issues, setIssues] = useState<Record<string, string>>({});
  const reload = () => setVersion((v) => v + 1);

  const field = (key: Exclude<keyof Form, 'workingHours'>) => ({
    value: form[key],
    onInput: (e: { currentTarget: HTMLInputElement }) => setForm({ ...form, [key]: e.currentTarget.value }),
  });
  const edit = (a: Attendant | null) => {
    setEditing(a);
    setForm(a ? toForm(a) : EMPTY);
    setIssues({});
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const body = {
      name: form.name,
      email: form.email,
      role: form.role,
      skills: form.skills
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      maxConcurrent: Number(form.maxConcurrent),
      timezone: form.timezone,
      workingHours: fromHoursForm(form.workingHours),
      ...(form.password ? { password: form.password } : {}),
      // Editing: an emptied department is "none"; creating: absent.
      ...(form.department.trim() ? { department: form.department.trim() } : editing ? { department: null } : {}),
    };
    setIssues({});
    await saveThen(
      () =>
        (editing
          ? api.request('PATCH', `/api/v1/attendants/${editing.id}`, body)
          : api.request('POST', '/api/v1/attendants', body)
        ).catch((err: unknown) => {
          setIssues(issuesAt(err, 2));
          throw err;
        }),
      async () => {
        edit(null);
        await reload();
      },
    );
  };
  const deactivate = async (a: Attendant) => {
    if (!confirm(t.confirmDeactivate(a.name))) return;
    if (await run(() => api.request('DELETE', `/api/v1/attendants/${a.id}`))) await reload();
  };

  return (
    <section class="admin-section" aria-label={t.attendants}>
      <div class="admin-list">
        <table>
          <caption class="sr-only">{t.attendants}</caption>
          <thead>
            <tr>
              <th>{t.name}</th>
              <th>{t.email}</th>
              <th>{t.role}</th>
              <th>{t.department}</th>
              <th>{t.skills}</th>
              <th>{t.load}</th>
              <th>{t.security.title}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {people.map((a) => (
              <tr key={a.id} class={a.active ? '' : 'inactive'}>
                <td>
                  {a.name}
                  {!a.active && <span class="badge">{t.inactive}</span>}
                </td>
                <td>{a.email}</td>
                <td>{t.role_(a.role)}</td>
                <td>{a.department ?? '—'}</td>
                <td>{a.skills.join(', ')}</td>
                <td>
                  {a.activeChats}/{a.maxConcurrent}
                </td>
                <PersonSecurity api={api} t={t} person={a} />
                <RowActions
                  t={t}
                  name={a.name}
                  onEdit={() => edit(a)}
                  remove={a.active ? { label: t.deactivate, run: () => void deactivate(a) } : undefined}
                />
              </tr>
            ))}
          </tbody>
        </table>
        <LoadMore t={t} list={t.attendants} more={list.more} loading={list.loading} onMore={list.loadMore} />
      </div>

      <form class="admin-form" onSubmit={save} aria-label={editing ? `${t.edit}: ${editing.name}` : t.newAttendant}>
        <h2>{editing ? `${t.edit}: ${editing.name}` : t.newAttendant}</h2>
        <label>
          {t.name}
          <input required {...field('name')} />
        </label>
        <label>
          {t.email}
          <input type="email" required {...field('email')} />
        </label>
        <label>
          {editing ? t.newPassword : t.password}
          <input type="password" autocomplete="new-password" required={!editing} {...field('password')} />
        </label>
        <label>
          {t.role}
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t.role_(r)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.department}
          <input {...field('department')} />
        </label>
        <label>
          {t.skillsHint}
          <input {...field('skills')} />
        </label>
        <label>
          {t.capacity}
          <input type="number" min={1} max={100} required {...field('maxConcurrent')} />
        </label>
        <label>
          {t.timezone}
          <input required {...field('timezone')} {...invalid('attendant-timezone', issues.timezone)} />
        </label>
        <FieldError id="attendant-timezone" problem={issues.timezone} />
        <WorkingHoursEditor
          t={t}
          hours={form.workingHours}
          issues={issues}
          onChange={(workingHours) => setForm({ ...form, workingHours })}
        />
        <FormFooter t={t} error={error} busy={busy} editing={!!editing} onCancel={() => edit(null)} />
      </form>
    </section>
  );
}
