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

/** A term as tsquery syntax: quoted (it holds only letters and digits), `:*` for a prefix. */
const term = (t: Term) => `'${t.text}'${t.prefix ? ':*' : ''}`;

/** The tsquery of the parts: all of them, each word by any of its forms, a phrase word after word. */
export function tsMessageQuery(parts: TextPart[]): string {
  return parts
    .map((p) =>
      p.kind === 'phrase' ? `(${p.words.map((w) => `'${w}'`).join(' <-> ')})` : `(${p.forms.map(term).join(' | ')})`,
    )
    .join(' & ');
}

export const tsNameQuery = (names: Term[]) => names.map(term).join(' & ');

// unaccent on the query too: it folds a few letters NFD leaves alone (ø, æ, ß), as the index did.
const matches = (query: string) => Prisma.sql`s."doc" @@ to_tsquery('simple', unaccent(${query}))`;

const inScope = (column: Prisma.Sql, scope: readonly string[] | null) =>
  scope === null ? Prisma.empty : Prisma.sql`AND ${column} = ANY(${[...scope]}::text[])`;

const before = (page: Page) => (page.beforeSeq === null ? Prisma.empty : Prisma.sql`AND s."seq" < ${page.beforeSeq}`);

/** PostgreSQL tsvector side tables with GIN indexes (migration 0011_search), listed newest first. */
export function postgresSearch(db: Db): SearchIndex {
  return {
    async messages(parts, scope, page): Promise<MessageHit[]> {
      const rows = await db.$queryRaw<Array<Record<string, unknown>>>`
        SELECT s."seq", m."id", m."chatId", m."content", m."createdAt", c."contactId", c."protocol"
        FROM "MessageSearch" s
        JOIN "Message" m ON m."id" = s."messageId"
        JOIN "Chat" c ON c."id" = m."chatId"
        WHERE ${matches(tsMessageQuery(parts))} ${before(page)} ${inScope(Prisma.sql`s."chatId"`, scope)}
        ORDER BY s."seq" DESC
        LIMIT ${page.limit}`;
      return rows.map(toMessageHit);
    },

    async contacts(names, scope, page): Promise<ContactHit[]> {
      const rows = await db.$queryRaw<Array<Record<string, unknown>>>`
        SELECT s."seq", c."id", c."name", c."createdAt"
        FROM "ContactSearch" s
        JOIN "Contact" c ON c."id" = s."contactId"
        WHERE ${matches(tsNameQuery(names))} ${before(page)} ${inScope(Prisma.sql`s."contactId"`, scope)}
        ORDER BY s."seq" DESC
        LIMIT ${page.limit}`;
      return rows.map(toContactHit);
    },
  };
}
