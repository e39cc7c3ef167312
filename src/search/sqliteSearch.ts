import { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import type { Term, TextPart } from './queryText';
import {
  toContactHit,
  toMessageHit,
  type ContactHit,
  type MessageHit,
  type Page,
  type SearchIndex,
} from './searchIndex';

/** A term as FTS5 query syntax: always quoted (it holds only letters and digits), `*` for a prefix. */
const term = (t: Term) => `"${t.text}"${t.prefix ? '*' : ''}`;

/** The FTS5 MATCH expression of the parts: all of them, each word by any of its forms. */
export function ftsMessageQuery(parts: TextPart[]): string {
  return parts
    .map((p) => (p.kind === 'phrase' ? `"${p.words.join(' ')}"` : `(${p.forms.map(term).join(' OR ')})`))
    .join(' AND ');
}

export const ftsNameQuery = (names: Term[]) => names.map(term).join(' AND ');

/** The ids as one JSON parameter: thousands would pass SQLite's limit on parameters. */
const readable = (scope: readonly string[]) => Prisma.sql`SELECT value FROM json_each(${JSON.stringify(scope)})`;

const before = (page: Page) => (page.beforeSeq === null ? Prisma.empty : Prisma.sql`AND s.rowid < ${page.beforeSeq}`);

/**
 * SQLite FTS5 (migration 0011_search): the index is walked newest first
 * (`ORDER BY rowid DESC` is the index's own order, so a common word stops
 * at the page's end instead of ranking every match).
 */
export function sqliteSearch(db: Db): SearchIndex {
  return {
    async messages(parts, scope, page): Promise<MessageHit[]> {
      const rows = await db.$queryRaw<Array<Record<string, unknown>>>`
        SELECT s.rowid AS seq, m."id", m."chatId", m."content", m."createdAt", c."contactId", c."protocol"
        FROM "MessageSearch" s
        JOIN "MessageSearchKey" k ON k."seq" = s.rowid
        JOIN "Message" m ON m."id" = k."messageId"
        JOIN "Chat" c ON c."id" = m."chatId"
        WHERE "MessageSearch" MATCH ${ftsMessageQuery(parts)} ${before(page)} ${scope === null ? Prisma.empty : Prisma.sql`AND k."chatId" IN (${readable(scope)})`}
        ORDER BY s.rowid DESC
        LIMIT ${page.limit}`;
      return rows.map(toMessageHit);
    },

    async contacts(names, scope, page): Promise<ContactHit[]> {
      const rows = await db.$queryRaw<Array<Record<string, unknown>>>`
        SELECT s.rowid AS seq, c."id", c."name", c."createdAt"
        FROM "ContactSearch" s
        JOIN "ContactSearchKey" k ON k."seq" = s.rowid
        JOIN "Contact" c ON c."id" = k."contactId"
        WHERE "ContactSearch" MATCH ${ftsNameQuery(names)} ${before(page)} ${scope === null ? Prisma.empty : Prisma.sql`AND k."contactId" IN (SELECT "contactId" FROM "Chat" WHERE "id" IN (${readable(scope)}))`}
        ORDER BY s.rowid DESC
        LIMIT ${page.limit}`;
      return rows.map(toContactHit);
    },
  };
}
