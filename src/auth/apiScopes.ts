/** API token scopes and which each route needs: no Node or server import, so the console reads them too. */

/** What an API token may be given; each route of /api/v1 needs one of them (`scopeFor`). */
export const API_TOKEN_SCOPES = ['chats:read', 'chats:write', 'contacts:read', 'contacts:write', 'admin'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/**
 * The scope a request needs: `personal` for what belongs to a person (their
 * availability, 2FA, read marks, typing, the tokens themselves), refused to
 * every token. By path prefix, so a route added later under /chats or
 * /contacts falls in its family, and anything else is `admin`.
 */
export function scopeFor(method: string, path: string): ApiTokenScope | 'personal' {
  const p = path.replace(/\/+$/, '');
  const write = !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
  if (
    p === '/api/v1/me' ||
    p.startsWith('/api/v1/me/') ||
    p.startsWith('/api/v1/api-tokens') ||
    /^\/api\/v1\/chats\/[^/]+\/(read|typing)$/.test(p)
  )
    return 'personal';
  const chats =
    p === '/api/v1/chats' ||
    p.startsWith('/api/v1/chats/') ||
    p.startsWith('/api/v1/messages') ||
    p.startsWith('/api/v1/queue') ||
    p.startsWith('/api/v1/search') ||
    p === '/api/v1/events' ||
    p === '/api/v1/directory' ||
    /^\/api\/v1\/channels\/[^/]+\/templates$/.test(p) ||
    (p === '/api/v1/tags' && !write);
  if (chats) return write ? 'chats:write' : 'chats:read';
  if (p === '/api/v1/contacts' || p.startsWith('/api/v1/contacts/')) return write ? 'contacts:write' : 'contacts:read';
  return 'admin';
}
