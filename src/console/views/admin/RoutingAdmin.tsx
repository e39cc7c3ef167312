import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import { INTENTS } from '../../../../workflows/botTypes';
import { PRIORITIES } from '../../../../workflows/types';
import type { RoutingConfig } from '../../../assignment/routing';
import type { Tag } from '../../types';
import { useAction } from './parts';
import { FieldError, invalid, issuesAt } from './issues';

interface RuleForm {
  /** Stable across reorders, for keys and ids. */
  key: number;
  intent: string;
  department: string;
  skills: string;
  priority: string;
  tags: string;
}
let nextKey = 0;
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const toForm = (r: RoutingConfig['rules'][number]): RuleForm => ({
  key: nextKey++,
  intent: r.intent,
  department: r.department ?? '',
  skills: (r.skills ?? []).join(', '),
  priority: r.priority ?? '',
  tags: (r.tags ?? []).join(', '),
});
/** A rule's body: empty fields left out (the API's "not set"). */
const toRule = (f: RuleForm) => ({
  intent: f.intent,
  ...(f.department.trim() ? { department: f.department.trim() } : {}),
  ...(list(f.skills).length ? { skills: list(f.skills) } : {}),
  ...(f.priority ? { priority: f.priority } : {}),
  ...(list(f.tags).length ? { tags: list(f.tags) } : {}),
});

/**
 * The routing rules (admin; `GET|PUT /api/v1/routing`): per intent, the
 * department, skills, priority and tags a handed-off chat gets, and the
 * default department. The whole set is saved at once; the API's 400 shows
 * at the field it names, and nothing is saved.
 */
export function RoutingAdmin({ api, t }: { api: Api; t: Texts }) {
  const r = t.routing;
  const [rules, setRules] = useState<RuleForm[]>([]);
  const [defaultDepartment, setDefaultDepartment] = useState('');
  const [tagNames, setTagNames] = useState<string[]>([]);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();

  const load = (config: RoutingConfig) => {
    setRules(config.rules.map(toForm));
    setDefaultDepartment(config.defaultDepartment ?? '');
  };
  useEffect(() => {
    void run(async () => load(await api.request<RoutingConfig>('GET', '/api/v1/routing')));
    api
      .request<{ items: Tag[] }>('GET', '/api/v1/tags')
      .then((res) => setTagNames(res.items.map((tag) => tag.name)))
      .catch(() => undefined);
  }, []);

  const change = (i: number, patch: Partial<RuleForm>) => {
    setSaved(false);
    setRules(rules.map((rule, j) => (j === i ? { ...rule, ...patch } : rule)));
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...rules];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setSaved(false);
    setRules(next);
  };
  const add = () => {
    const used = new Set(rules.map((rule) => rule.intent));
    const intent = INTENTS.find((i) => !used.has(i)) ?? INTENTS[0];
    setSaved(false);
    setRules([...rules, { key: nextKey++, intent, department: '', skills: '', priority: '', tags: '' }]);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setIssues({});
    setSaved(false);
    const body = {
      rules: rules.map(toRule),
      ...(defaultDepartment.trim() ? { defaultDepartment: defaultDepartment.trim() } : {}),
    };
    const ok = await run(async () => {
      try {
        load(await api.request<RoutingConfig>('PUT', '/api/v1/routing', body));
      } catch (err) {
        setIssues(issuesAt(err, 3));
        throw err;
      }
    });
    setSaved(ok);
  };

  const input = (i: number, rule: RuleForm, field: 'department' | 'skills' | 'tags', label: string) => {
    const id = `routing-${rule.key}-${field}`;
    const problem = issues[`rules.${i}.${field}`];
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <input
          id={id}
          value={rule[field]}
          {...invalid(id, problem)}
          onInput={(e) => change(i, { [field]: e.currentTarget.value })}
        />
        <FieldError id={id} problem={problem} />
      </div>
    );
  };

  return (
    <form class="admin-form routing-admin" aria-label={r.rules} onSubmit={save}>
      <h2>{r.rules}</h2>
      <p class="muted small">{r.intro}</p>
      {rules.length === 0 && <p class="muted">{r.noRules}</p>}
      {issues.rules && (
        <p class="error small" role="alert">
          {issues.rules}
        </p>
      )}
      <ol class="routing-rules">
        {rules.map((rule, i) => {
          const name = `${r.rule(i + 1)}: ${rule.intent}`;
          const intentId = `routing-${rule.key}-intent`;
          const priorityId = `routing-${rule.key}-priority`;
          return (
            <li key={rule.key}>
              <fieldset aria-label={name}>
                <legend>{name}</legend>
                <div class="field">
                  <label for={intentId}>{r.intent}</label>
                  <select
                    id={intentId}
                    value={rule.intent}
                    {...invalid(intentId, issues[`rules.${i}.intent`])}
                    onChange={(e) => change(i, { intent: e.currentTarget.value })}
                  >
                    {INTENTS.map((intent) => (
                      <option key={intent} value={intent}>
                        {intent}
                      </option>
                    ))}
                  </select>
                  <FieldError id={intentId} problem={issues[`rules.${i}.intent`]} />
                </div>
                {input(i, rule, 'department', r.department)}
                {input(i, rule, 'skills', r.skills)}
                <div class="field">
                  <label for={priorityId}>{r.priority}</label>
                  <select
                    id={priorityId}
                    value={rule.priority}
                    {...invalid(priorityId, issues[`rules.${i}.priority`])}
                    onChange={(e) => change(i, { priority: e.currentTarget.value })}
                  >
                    <option value="">{r.keepPriority}</option>
                    {PRIORITIES.map((p) => (
                      <option key={p} value={p}>
                        {r.priority_[p] ?? p}
                      </option>
                    ))}
                  </select>
                  <FieldError id={priorityId} problem={issues[`rules.${i}.priority`]} />
                </div>
                {input(i, rule, 'tags', r.tags)}
                <div class="row-actions">
                  <button
                    type="button"
                    class="secondary"
                    disabled={i === 0}
                    aria-label={`${r.moveUp}: ${name}`}
                    onClick={() => move(i, -1)}
                  >
                    {r.moveUp}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    disabled={i === rules.length - 1}
                    aria-label={`${r.moveDown}: ${name}`}
                    onClick={() => move(i, 1)}
                  >
                    {r.moveDown}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`${r.removeRule}: ${name}`}
                    onClick={() => {
                      setSaved(false);
                      setRules(rules.filter((_, j) => j !== i));
                    }}
                  >
                    {r.removeRule}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {tagNames.length > 0 && (
        <p class="muted small">
          {r.catalogue} {tagNames.join(', ')}
        </p>
      )}
      <div>
        <button type="button" class="secondary" onClick={add}>
          {r.addRule}
        </button>
      </div>
      <div class="field">
        <label for="routing-default-department">{r.defaultDepartment}</label>
        <input
          id="routing-default-department"
          value={defaultDepartment}
          {...invalid('routing-default-department', issues.defaultDepartment)}
          onInput={(e) => {
            setSaved(false);
            setDefaultDepartment(e.currentTarget.value);
          }}
        />
        <FieldError id="routing-default-department" problem={issues.defaultDepartment} />
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {saved && <p role="status">{r.saved}</p>}
      <div class="inline">
        <button type="submit" disabled={busy}>
          {t.save}
        </button>
      </div>
    </form>
  );
}
