import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import { API_TOKEN_SCOPES } from '../../../auth/apiScopes';
import { useAction } from './parts';

interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** API tokens (admin): issue one with its scopes (shown once), see their last use, revoke. */
export function ApiTokensAdmin({ api, t }: { api: Api; t: Texts }) {
  const s = t.security;
  const [items, setItems] = useState<ApiToken[]>([]);
  const [version, setVersion] = useState(0);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['chats:read']);
  const [expiresAt, setExpiresAt] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    void api.request<{ items: ApiToken[] }>('GET', '/api/v1/api-tokens').then((r) => setItems(r.items));
  }, [version]);

  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const created = await api.request<{ token: string }>('POST', '/api/v1/api-tokens', {
        name,
        scopes,
        ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}),
      });
      setShown(created.token);
      setName('');
      setVersion((v) => v + 1);
    });
  };
  const revoke = (token: ApiToken) => {
    if (!confirm(s.confirmRevoke)) return;
    void run(async () => {
      await api.request('DELETE', `/api/v1/api-tokens/${encodeURIComponent(token.id)}`);
      setVersion((v) => v + 1);
    });
  };
  const toggle = (scope: string) =>
    setScopes(scopes.includes(scope) ? scopes.filter((x) => x !== scope) : [...scopes, scope]);

  return (
    <section class="api-tokens admin-section" aria-labelledby="tokens-title">
      <div class="admin-list">
        <h2 id="tokens-title">{s.tokens}</h2>
        {shown && (
          <div role="status" class="token-once">
            <p>{s.tokenOnce}</p>
            <code data-testid="new-token">{shown}</code>
          </div>
        )}
        <table>
          <thead>
            <tr>
              <th>{s.tokenName}</th>
              <th>{s.scopes}</th>
              <th>{s.lastUsed}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((token) => (
              <tr key={token.id}>
                <td>
                  {token.name} <code class="muted">{token.prefix}…</code>
                </td>
                <td>{token.scopes.join(', ')}</td>
                <td>{token.lastUsedAt ? t.time(token.lastUsedAt) : s.never}</td>
                <td class="row-actions">
                  {token.revokedAt ? (
                    <span class="muted">{s.revoked}</span>
                  ) : (
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`${s.revoke}: ${token.name}`}
                      onClick={() => revoke(token)}
                    >
                      {s.revoke}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form class="admin-form" onSubmit={create} aria-label={s.createToken}>
        <label>
          {s.tokenName}
          <input required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <fieldset>
          <legend>{s.scopes}</legend>
          {API_TOKEN_SCOPES.map((scope) => (
            <label key={scope} class="scope">
              <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} />
              {scope}
            </label>
          ))}
        </fieldset>
        <label>
          {s.expiresAt}
          <input type="datetime-local" value={expiresAt} onInput={(e) => setExpiresAt(e.currentTarget.value)} />
        </label>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {s.createToken}
        </button>
      </form>
    </section>
  );
}
