import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Texts } from '../i18n';

type Template = {
  name: string;
  language: string;
  category: string | null;
  components: Record<string, unknown>[];
  variables: { name: string; example: string | null }[];
};

/**
 * Outside WhatsApp's 24-hour window only an approved template goes out: the
 * channel's templates (`GET /api/v1/channels/:id/templates`), a field for each
 * of the chosen one's variables, sent by `POST /api/v1/chats/:id/template`.
 */
export function TemplatePicker({
  api,
  t,
  channelId,
  busy,
  onSend,
}: {
  api: Api;
  t: Texts;
  channelId: string;
  busy: boolean;
  onSend: (body: { name: string; language: string; variables?: string[] }) => Promise<boolean>;
}) {
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState('');
  const [values, setValues] = useState<string[]>([]);
  /** `refresh`: read them from Meta now, not the server's few minutes' copy (a template approved just now). */
  const load = (refresh = false) => {
    setError(null);
    api
      .request<{ items: Template[] }>('GET', `/api/v1/channels/${channelId}/templates${refresh ? '?refresh=true' : ''}`)
      .then((r) => setTemplates(r.items))
      .catch((err: unknown) => setError(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err)));
  };
  useEffect(() => load(), [channelId]);

  const template = templates?.find((x) => `${x.name}:${x.language}` === chosen) ?? null;
  const body = template?.components.find((c) => String(c.type).toUpperCase() === 'BODY');
  const choose = (key: string) => {
    setChosen(key);
    setValues([]);
  };
  const send = async (e: Event) => {
    e.preventDefault();
    if (!template) return;
    const variables = template.variables.map((_, i) => (values[i] ?? '').trim());
    const sent = await onSend({
      name: template.name,
      language: template.language,
      ...(variables.length ? { variables } : {}),
    });
    if (sent) choose('');
  };

  return (
    <form class="template-picker" aria-label={t.templates} onSubmit={send}>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {templates && templates.length === 0 && <p class="muted">{t.noTemplates}</p>}
      <label>
        {t.template}
        <select value={chosen} onChange={(e) => choose(e.currentTarget.value)} disabled={!templates?.length}>
          <option value="">{t.pickTemplate}</option>
          {(templates ?? []).map((x) => (
            <option key={`${x.name}:${x.language}`} value={`${x.name}:${x.language}`}>
              {x.name} ({x.language})
            </option>
          ))}
        </select>
      </label>
      {typeof body?.text === 'string' && <p class="template-text small">{body.text}</p>}
      {template?.variables.map((v, i) => (
        <label key={v.name}>
          {t.templateVariable} {`{{${v.name}}}`}
          <input
            required
            maxLength={1024}
            placeholder={v.example ?? ''}
            value={values[i] ?? ''}
            onInput={(e) => {
              const next = [...values];
              next[i] = e.currentTarget.value;
              setValues(next);
            }}
          />
        </label>
      ))}
      <div class="inline">
        <button type="submit" disabled={busy || !template}>
          {t.sendTemplate}
        </button>
        <button type="button" class="secondary" onClick={() => load(true)}>
          {t.refreshTemplates}
        </button>
      </div>
    </form>
  );
}
