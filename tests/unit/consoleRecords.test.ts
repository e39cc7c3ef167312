import {
  appendPage,
  conflictField,
  fieldErrors,
  formatCpf,
  formatPhone,
  groupHits,
  hitHref,
  pagePath,
  parseRoute,
  refreshFirstPage,
  routeHash,
} from '../../src/console/records';
import type { SearchHit } from '../../src/console/types';

// The console's pure helpers: search grouping and links, paging, field errors, routes.

const hit = (type: SearchHit['type'], id: string, extra: Partial<SearchHit> = {}): SearchHit => ({
  type,
  id,
  snippet: id,
  at: '2026-12-01T12:00:00.000Z',
  ...extra,
});

test('search hits are grouped contacts, chats, messages, keeping the order within each', () => {
  const groups = groupHits([hit('messages', 'm1'), hit('chats', 'c1'), hit('contacts', 'p1'), hit('chats', 'c2')]);
  expect(groups.map((g) => [g.type, g.hits.map((h) => h.id)])).toEqual([
    ['contacts', ['p1']],
    ['chats', ['c1', 'c2']],
    ['messages', ['m1']],
  ]);
  expect(groupHits([])).toEqual([]);
  // The API names a hit's type in the singular; the query's type is plural.
  expect(groupHits([hit('chat', 'c1'), hit('contact', 'p1')]).map((g) => g.type)).toEqual(['contacts', 'chats']);
});

test('a hit opens its contact or its chat; a message opens the chat it is in', () => {
  expect(hitHref(hit('contacts', 'p1'))).toBe('#/contacts/p1');
  expect(hitHref(hit('chats', 'c1', { contactId: 'p1' }))).toBe('#/chats/c1');
  expect(hitHref(hit('messages', 'm1', { chatId: 'c9' }))).toBe('#/chats/c9');
  expect(hitHref(hit('message', 'm1', { chatId: 'c9', contactId: 'p1' }))).toBe('#/chats/c9');
  expect(hitHref(hit('contact', 'p1'))).toBe('#/contacts/p1');
});

test('"load more" appends without repeats; a reload keeps the pages loaded after the first', () => {
  const id = (x: { id: string }) => x.id;
  const first = { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'k1' };
  let shown = refreshFirstPage({ items: [], nextCursor: null, pages: 0 }, first, id);
  expect(shown).toEqual({ items: first.items, nextCursor: 'k1', pages: 1 });
  shown = appendPage(shown, { items: [{ id: 'b' }, { id: 'c' }], nextCursor: 'k2' }, id);
  expect(shown).toEqual({ items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], nextCursor: 'k2', pages: 2 });
  // A new chat arrived: the first page is fresh, the rest stays, and so does the cursor.
  const again = refreshFirstPage(shown, { items: [{ id: 'z' }, { id: 'a' }], nextCursor: 'k1b' }, id);
  expect(again).toEqual({ items: [{ id: 'z' }, { id: 'a' }, { id: 'b' }, { id: 'c' }], nextCursor: 'k2', pages: 2 });
  // Everything fits in the first page now (a list the API does not page, too): nothing more to load.
  expect(refreshFirstPage(shown, { items: [{ id: 'a' }] }, id)).toEqual({
    items: [{ id: 'a' }],
    nextCursor: null,
    pages: 1,
  });
  expect(pagePath('/api/v1/chats?status=resolved', 50, null)).toBe('/api/v1/chats?status=resolved&limit=50');
  expect(pagePath('/api/v1/queue', 50, 'abc')).toBe('/api/v1/queue?limit=50&cursor=abc');
});

test('CPF and Brazilian phones are shown as people write them', () => {
  expect(formatCpf('52998224725')).toBe('529.982.247-25');
  expect(formatCpf(null)).toBe('');
  expect(formatPhone('+5511988887777')).toBe('+55 (11) 98888-7777');
  expect(formatPhone('+14155550100')).toBe('+14155550100');
});

test("a 400's issues and a 409's field are read per field", () => {
  expect(
    fieldErrors([
      { path: 'body.cpf', message: 'invalid CPF' },
      { path: 'body.cpf', message: 'second' },
      { path: 'body.attributes.x', message: 'too long' },
    ]),
  ).toEqual({ cpf: 'invalid CPF', attributes: 'too long' });
  expect(fieldErrors(undefined, 'body.phone: must be a valid phone number')).toEqual({
    phone: 'must be a valid phone number',
  });
  expect(conflictField({ field: 'cpf' }, '', ['phone', 'cpf'])).toBe('cpf');
  expect(conflictField(undefined, 'phone belongs to another contact', ['phone', 'cpf'])).toBe('phone');
  expect(conflictField(undefined, 'a record with these values already exists', ['phone', 'cpf'])).toBe(null);
});

test('routes read from and written to the hash', () => {
  expect(parseRoute('')).toEqual({ view: 'inbox' });
  expect(parseRoute('#/contacts')).toEqual({ view: 'contacts' });
  expect(parseRoute('#/contacts/abc')).toEqual({ view: 'contact', id: 'abc' });
  expect(parseRoute('#/chats/c1')).toEqual({ view: 'chat', id: 'c1' });
  const search = { view: 'search', q: '(11) 98888-7777', type: 'chats' } as const;
  expect(parseRoute(routeHash(search))).toEqual(search);
  expect(parseRoute('#/search?q=x&type=nonsense')).toEqual({ view: 'search', q: 'x', type: null });
  expect(parseRoute('#/nowhere')).toEqual({ view: 'inbox' });
});
