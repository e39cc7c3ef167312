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

/** The ids as one array parameter. */
const readable = (scope: readonly string[]) => Prisma.sql`${[...scope]}::text[]`;

const before = (page: Page) => (page.beforeSeq === null ? Prisma.empty : Prisma.sql`AND s."seq" < ${page.beforeSeq}`);

/**
 * The order, newest first. Unscoped, `seq` itself: the planner walks the
 * primary key backwards for a common word and stops at the page's end, or
 * takes the GIN index for a rare one. Scoped to an attendant's chats, and for
 * names (whose prefix estimates are poor: every unknown prefix looks like 2 %
 * of the names, and a backward walk through all of them took 0.1 s), `seq + 0`:
 * no index gives that order, so the planner intersects the GIN index (and the
 * chat index) first and sorts the few rows left.
 */
const newestFirst = (viaIndexes: boolean) => (viaIndexes ? Prisma.sql`s."seq" + 0 DESC` : Prisma.sql`s."seq" DESC`);

/**
 * PostgreSQL tsvector side tables with GIN indexes (migration 0011_search).
 * The page is chosen in the side table first and joined to its rows after, so
 * only the page's rows are read.
 */
export function postgresSearch(db: Db): SearchIndex {
  return {
    async messages(parts, scope, page): Promise<MessageHit[]> {
      const rows = await db.$queryRaw<Array<Record<string, unknown>>>`
        SELECT s."seq", m."id", m."chatId", m."content", m."createdAt", c."contactId", c."protocol"
        FROM (
          SELECT s."seq", s."messageId" FROM "MessageSearch" s
          WHERE ${matches(tsMessageQuery(parts))} ${before(page)}
            ${scope === null ? Prisma.empty : Prisma.sql`AND s."chatId" = ANY(${readable(scope)})`}
          ORDER BY ${newestFirst(scope !== null)}
          LIMIT ${page.limit}
        ) s
        JOIN "Message" m ON m."id" = s."messageId"
        JOIN "Chat" c ON c."id" = m."chatId"
        ORDER BY s."seq" DESC`;
      return rows.map(toMessageHit);
    },

    async contacts(names, scope, page): Promise<ContactHit[]> {
      const rows = await db.$queryRaw<Array<Record<string, unknown>>>`
        SELECT s."seq", c."id", c."name", c."createdAt"
        FROM (
          SELECT s."seq", s."contactId" FROM "ContactSearch" s
          WHERE ${matches(tsNameQuery(names))} ${before(page)}
            ${scope === null ? Prisma.empty : Prisma.sql`AND s."contactId" IN (SELECT "contactId" FROM "Chat" WHERE "id" = ANY(${readable(scope)}))`}
          ORDER BY ${newestFirst(true)}
          LIMIT ${page.limit}
        ) s
        JOIN "Contact" c ON c."id" = s."contactId"
        ORDER BY s."seq" DESC`;
      return rows.map(toContactHit);
    },
  };
}
