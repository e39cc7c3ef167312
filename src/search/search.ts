import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { HttpError } from '../http/httpError';
import { wellFormedText } from '../text/wellFormedText';
import { readableChats, type Reader } from '../chats/readScope';
import { identifiersOf } from './identifiers';
import { readableChatIds } from './readableChatIds';
import { parseQueryText, type TextQuery } from './queryText';
import { isPostgres, type SearchIndex } from './searchIndex';
import { postgresSearch } from './postgresSearch';
import { sqliteSearch } from './sqliteSearch';
import { snippetOf } from './snippet';

export const SEARCH_TYPES = ['contacts', 'chats', 'messages'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** One result, as docs/api.md "Search" gives it. */
export interface SearchItem {
  type: 'contact' | 'chat' | 'message';
  id: string;
  chatId?: string;
  contactId?: string;
  protocol?: string;
  snippet: string;
  at: string;
}

export interface SearchRequest {
  q: string;
  type?: SearchType | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Results come in three runs, best first: exact identifiers (a chat by id or
 * protocol, contacts by phone, CPF or e-mail, then those contacts' chats),
 * contacts by name, messages by text; names and messages newest first. The
 * cursor names the run and the place in it.
 */
const RUNS = ['exact', 'names', 'messages'] as const;
type Run = (typeof RUNS)[number];

const RUN_TYPES: Record<Run, readonly SearchType[]> = {
  exact: ['contacts', 'chats'],
  names: ['contacts'],
  messages: ['messages'],
};

/** Exact hits are few; a contact's chats beyond these are in the contact's page. */
const EXACT_CONTACTS = 20;
const CHATS_PER_CONTACTS = 50;

const Cursor = z.object({ run: z.enum(RUNS), after: z.number().int().nonnegative(), query: z.string() });
type Cursor = z.infer<typeof Cursor>;

/** Where a result sits in its run: the next page starts after it. */
interface Placed {
  item: SearchItem;
  run: Run;
  after: number;
}

/** Which of the caller's searches a cursor belongs to: the same text and type. */
const queryKey = (req: SearchRequest) =>
  createHash('sha256')
    .update(`${req.type ?? ''}\n${req.q}`)
    .digest('base64url')
    .slice(0, 12);

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decode(req: SearchRequest): Cursor | null {
  if (!req.cursor) return null;
  let cursor: Cursor;
  try {
    cursor = Cursor.parse(JSON.parse(Buffer.from(req.cursor, 'base64url').toString('utf8')));
  } catch {
    throw new HttpError(400, 'invalid_request', 'query.cursor: not a cursor this API issued');
  }
  if (cursor.query !== queryKey(req))
    throw new HttpError(400, 'invalid_request', 'query.cursor: issued for another q or type');
  return cursor;
}

/**
 * What the caller may read: everything (null), or the access policy's filter
 * (for Prisma queries) and the ids of the chats it gives (for the index
 * queries, as one parameter: thousands of ids would pass the drivers'
 * parameter limits). Contacts: those of these chats.
 */
interface Scope {
  chatFilter: Prisma.ChatWhereInput | null;
  chats: string[] | null;
}

/** From the one access policy (workflows/chatAccess.ts through src/chats/readScope.ts); supervisors and admins read everything. */
async function scopeOf(db: Db, reader: Reader): Promise<Scope> {
  const filter = readableChats(reader);
  if (Object.keys(filter).length === 0) return { chatFilter: null, chats: null };
  return { chatFilter: filter, chats: await readableChatIds(db, filter) };
}

const iso = (at: Date) => at.toISOString();
const joined = (...parts: Array<string | null | undefined>) => parts.filter((p) => p).join(' · ');

/** The exact run, whole: a handful of rows found by unique or indexed columns. */
async function exactItems(db: Db, q: string, scope: Scope, wanted: readonly SearchType[]): Promise<SearchItem[]> {
  const ids = identifiersOf(q);
  const chatWhere = scope.chatFilter ?? {};
  const items: SearchItem[] = [];
  const chatItem = (chat: {
    id: string;
    contactId: string;
    protocol: string | null;
    startedAt: Date;
    contact: { name: string | null };
  }): SearchItem => ({
    type: 'chat',
    id: chat.id,
    contactId: chat.contactId,
    ...(chat.protocol ? { protocol: chat.protocol } : {}),
    snippet: joined(chat.protocol, chat.contact.name),
    at: iso(chat.startedAt),
  });
  const chatFields = {
    id: true,
    contactId: true,
    protocol: true,
    startedAt: true,
    contact: { select: { name: true } },
  } as const;

  if (wanted.includes('chats') && (ids.chatId || ids.protocol)) {
    const byId = [...(ids.chatId ? [{ id: ids.chatId }] : []), ...(ids.protocol ? [{ protocol: ids.protocol }] : [])];
    const chats = await db.chat.findMany({ where: { OR: byId, AND: [chatWhere] }, select: chatFields });
    items.push(...chats.map(chatItem));
  }

  const byContact = [
    ...ids.phones.map((phone) => ({ phone })),
    ...(ids.phoneEnding ? [{ phone: { endsWith: ids.phoneEnding } }] : []),
    ...(ids.cpf ? [{ cpf: ids.cpf }] : []),
    ...(ids.email ? [{ email: ids.email }] : []),
  ];
  if (byContact.length === 0) return items;
  const contacts = await db.contact.findMany({
    where: { OR: byContact, ...(scope.chatFilter ? { chats: { some: scope.chatFilter } } : {}) },
    select: { id: true, name: true, phone: true, email: true, createdAt: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: EXACT_CONTACTS,
  });
  if (wanted.includes('contacts')) {
    items.push(
      ...contacts.map((c): SearchItem => ({
        type: 'contact',
        id: c.id,
        snippet: joined(c.name, c.phone, c.email),
        at: iso(c.createdAt),
      })),
    );
  }
  if (wanted.includes('chats') && contacts.length > 0) {
    const chats = await db.chat.findMany({
      where: { contactId: { in: contacts.map((c) => c.id) }, AND: [chatWhere] },
      select: chatFields,
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: CHATS_PER_CONTACTS,
    });
    const seen = new Set(items.filter((i) => i.type === 'chat').map((i) => i.id));
    items.push(...chats.filter((c) => !seen.has(c.id)).map(chatItem));
  }
  return items;
}

/** Up to `want` results of `run`, after `after` (an offset in the exact run, a `seq` in the others). */
async function runPage(
  db: Db,
  index: SearchIndex,
  run: Run,
  req: SearchRequest,
  text: TextQuery,
  scope: Scope,
  after: number | null,
  want: number,
): Promise<Placed[]> {
  const wanted = RUN_TYPES[run].filter((t) => !req.type || t === req.type);
  if (wanted.length === 0) return [];
  const page = { beforeSeq: after, limit: want };
  if (run === 'exact') {
    const start = after ?? 0;
    const all = await exactItems(db, req.q, scope, wanted);
    return all.slice(start, start + want).map((item, i) => ({ item, run, after: start + i + 1 }));
  }
  if (run === 'names') {
    if (text.names.length === 0) return [];
    const hits = await index.contacts(text.names, scope.chats, page);
    return hits.map((h) => ({
      item: { type: 'contact', id: h.id, snippet: h.name ?? '', at: iso(h.createdAt) },
      run,
      after: h.seq,
    }));
  }
  if (text.messages.length === 0) return [];
  const hits = await index.messages(text.messages, scope.chats, page);
  return hits.map((h) => ({
    item: {
      type: 'message',
      id: h.id,
      chatId: h.chatId,
      contactId: h.contactId,
      ...(h.protocol ? { protocol: h.protocol } : {}),
      snippet: snippetOf(h.content, text.highlights),
      at: iso(h.createdAt),
    },
    run,
    after: h.seq,
  }));
}

/** `GET /api/v1/search`: what `reader` may read that `q` finds, best first, a page at a time. */
export async function search(
  db: Db,
  reader: Reader,
  req: SearchRequest,
): Promise<{ items: SearchItem[]; nextCursor: string | null }> {
  // Control characters are no part of anything searched for (and PostgreSQL refuses a NUL in text).
  req = {
    ...req,
    q: wellFormedText(req.q)
      .replace(/\p{Cc}+/gu, ' ')
      .trim(),
  };
  const cursor = decode(req);
  const index = isPostgres(db) ? postgresSearch(db) : sqliteSearch(db);
  const text = parseQueryText(req.q);
  const scope = await scopeOf(db, reader);
  const placed: Placed[] = [];
  // One more than asked for, so a next page is promised only when it exists.
  for (const run of RUNS.slice(RUNS.indexOf(cursor?.run ?? 'exact'))) {
    const after = cursor?.run === run ? cursor.after : null;
    placed.push(...(await runPage(db, index, run, req, text, scope, after, req.limit + 1 - placed.length)));
    if (placed.length > req.limit) break;
  }
  const last = placed.length > req.limit ? placed[req.limit - 1] : undefined;
  return {
    items: placed.slice(0, req.limit).map((p) => p.item),
    nextCursor: last ? encode({ run: last.run, after: last.after, query: queryKey(req) }) : null,
  };
}
