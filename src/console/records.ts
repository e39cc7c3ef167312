/**
 * The console's pure helpers for contacts, search and paged lists: no DOM and
 * no Preact, so tests/unit/consoleRecords.test.ts runs them under Jest.
 */
import type { Page, SearchHit, SearchType } from './types';

/** The order the search results are shown in, one group per type. */
export const SEARCH_TYPES: readonly SearchType[] = ['contacts', 'chats', 'messages'];

/** A hit's group: `contact` (as the API names a hit) or `contacts` (as the query's `type` does) are one. */
export const hitType = (hit: SearchHit): SearchType =>
  (hit.type.endsWith('s') ? hit.type : `${hit.type}s`) as SearchType;

/** Search hits grouped by type (contacts, chats, messages), best first within each; empty groups left out. */
export function groupHits(hits: readonly SearchHit[]): { type: SearchType; hits: SearchHit[] }[] {
  return SEARCH_TYPES.map((type) => ({ type, hits: hits.filter((h) => hitType(h) === type) })).filter(
    (g) => g.hits.length > 0,
  );
}

/** Where a hit opens: a contact's page, or the chat (a message opens its chat). */
export function hitHref(hit: SearchHit): string {
  const type = hitType(hit);
  if (type === 'contacts') return `#/contacts/${encodeURIComponent(hit.contactId ?? hit.id)}`;
  if (type === 'messages') return `#/chats/${encodeURIComponent(hit.chatId ?? hit.id)}`;
  return `#/chats/${encodeURIComponent(hit.chatId ?? hit.id)}`;
}

/**
 * A list reloaded while more than its first page is shown (a live event
 * arrived): the fresh first page, then what the later pages had that the
 * first does not, and the later pages' cursor, so "load more" goes on where
 * it was.
 */
export function refreshFirstPage<T>(
  shown: { items: T[]; nextCursor: string | null; pages: number },
  first: Page<T>,
  idOf: (item: T) => string,
): { items: T[]; nextCursor: string | null; pages: number } {
  // One page shown, or everything fits in the first page now: the first page is the list.
  if (shown.pages <= 1 || !first.nextCursor)
    return { items: first.items, nextCursor: first.nextCursor ?? null, pages: 1 };
  const fresh = new Set(first.items.map(idOf));
  return {
    items: [...first.items, ...shown.items.filter((item) => !fresh.has(idOf(item)))],
    nextCursor: shown.nextCursor,
    pages: shown.pages,
  };
}

/** A next page appended, without repeating what is shown already (an item may have moved up meanwhile). */
export function appendPage<T>(
  shown: { items: T[]; pages: number },
  next: Page<T>,
  idOf: (item: T) => string,
): { items: T[]; nextCursor: string | null; pages: number } {
  const seen = new Set(shown.items.map(idOf));
  return {
    items: [...shown.items, ...next.items.filter((item) => !seen.has(idOf(item)))],
    nextCursor: next.nextCursor ?? null,
    pages: shown.pages + 1,
  };
}

/** A path with `limit` and `cursor` added to its query. */
export function pagePath(path: string, limit: number, cursor: string | null): string {
  const [base, query = ''] = path.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  else params.delete('cursor');
  return `${base}?${params}`;
}

/** 529.982.247-25 from 52998224725; anything else as it is. */
export function formatCpf(cpf: string | null | undefined): string {
  if (!cpf) return '';
  const d = cpf.replace(/\D/g, '');
  return d.length === 11 ? `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}` : cpf;
}

/** A Brazilian E.164 number as people write it, +55 (11) 98888-7777; any other as it is. */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const m = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(phone);
  return m ? `+55 (${m[1]}) ${m[2]}-${m[3]}` : phone;
}

/**
 * A 400's issues by field: `{"path": "body.cpf", "message"}` → `{cpf: message}`
 * (the first issue of each field). Without details, the message's own
 * `body.<field>:` prefix names it.
 */
export function fieldErrors(details: unknown, message = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(details)) {
    for (const issue of details as { path?: unknown; message?: unknown }[]) {
      if (typeof issue?.path !== 'string') continue;
      const field = issue.path.replace(/^body\./, '').split('.')[0]!;
      out[field] ??= typeof issue.message === 'string' ? issue.message : String(issue.message);
    }
  }
  const named = /^body\.([\w]+)[^:]*:\s*(.*)$/.exec(message);
  if (Object.keys(out).length === 0 && named) out[named[1]!] = named[2]!;
  return out;
}

/** Which of `fields` a 409 `already_exists` names (its details or message), if any. */
export function conflictField(details: unknown, message: string, fields: readonly string[]): string | null {
  const d = details as { field?: unknown; fields?: unknown } | null | undefined;
  if (d && typeof d.field === 'string' && fields.includes(d.field)) return d.field;
  if (d && Array.isArray(d.fields)) {
    const found = d.fields.find((f): f is string => typeof f === 'string' && fields.includes(f));
    if (found) return found;
  }
  return fields.find((f) => new RegExp(`\\b${f}\\b`, 'i').test(message)) ?? null;
}

/** The console's screens, read from and written to the location hash. */
export type Route =
  | { view: 'inbox' | 'all' | 'metrics' | 'admin' | 'contacts' | 'canned' | 'security' }
  | { view: 'reset'; token: string }
  | { view: 'contact'; id: string }
  | { view: 'chat'; id: string }
  | { view: 'search'; q: string; type: SearchType | null };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2) as [string, string?];
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, id] = parts;
  if (head === 'contacts' && id) return { view: 'contact', id };
  if (head === 'chats' && id) return { view: 'chat', id };
  if (head === 'reset-password' && id) return { view: 'reset', token: id };
  if (head === 'search') {
    const params = new URLSearchParams(query);
    const type = params.get('type');
    return {
      view: 'search',
      q: params.get('q') ?? '',
      type: SEARCH_TYPES.includes(type as SearchType) ? (type as SearchType) : null,
    };
  }
  if (
    head === 'all' ||
    head === 'metrics' ||
    head === 'admin' ||
    head === 'contacts' ||
    head === 'canned' ||
    head === 'security'
  )
    return { view: head };
  return { view: 'inbox' };
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'contact':
      return `#/contacts/${encodeURIComponent(route.id)}`;
    case 'chat':
      return `#/chats/${encodeURIComponent(route.id)}`;
    case 'reset':
      return `#/reset-password/${encodeURIComponent(route.token)}`;
    case 'search': {
      const params = new URLSearchParams({ q: route.q, ...(route.type ? { type: route.type } : {}) });
      return `#/search?${params}`;
    }
    default:
      return `#/${route.view}`;
  }
}
