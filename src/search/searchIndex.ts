import type { Db } from '../db/client';
import type { Term, TextPart } from './queryText';

/** A message the text index found, with what a result shows of it and its chat. */
export interface MessageHit {
  /** Its place in the index's insertion order: results are listed newest first by it, and paged after it. */
  seq: number;
  id: string;
  chatId: string;
  content: string;
  createdAt: Date;
  contactId: string;
  protocol: string | null;
}

/** A contact whose name the index found. */
export interface ContactHit {
  seq: number;
  id: string;
  name: string | null;
  createdAt: Date;
}

export interface Page {
  /** Only rows with a smaller `seq` (the previous page's last one), or null for the first page. */
  beforeSeq: number | null;
  limit: number;
}

/**
 * The full-text index of one database engine (SQLite FTS5 or PostgreSQL
 * tsvector), kept by the triggers of migration 0011_search. `scope` is the
 * ids of the chats the caller may read (their messages; for names, their
 * contacts), or null for everything.
 */
export interface SearchIndex {
  messages(parts: TextPart[], scope: readonly string[] | null, page: Page): Promise<MessageHit[]>;
  contacts(names: Term[], scope: readonly string[] | null, page: Page): Promise<ContactHit[]>;
}

/** The client's provider, as Prisma records it on the client (as src/metrics/sqlDialect.ts reads it). */
export function isPostgres(db: Db): boolean {
  return (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql';
}

/** SQLite may give a DateTime column back as ISO text or epoch milliseconds; PostgreSQL as a Date. */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as string | number);
}

/** A message row of either dialect's query. */
export function toMessageHit(r: Record<string, unknown>): MessageHit {
  return {
    seq: Number(r.seq),
    id: String(r.id),
    chatId: String(r.chatId),
    content: String(r.content),
    createdAt: toDate(r.createdAt),
    contactId: String(r.contactId),
    protocol: r.protocol === null ? null : String(r.protocol),
  };
}

/** A contact row of either dialect's query. */
export function toContactHit(r: Record<string, unknown>): ContactHit {
  return {
    seq: Number(r.seq),
    id: String(r.id),
    name: r.name === null ? null : String(r.name),
    createdAt: toDate(r.createdAt),
  };
}
