import { z } from 'zod';
import { HttpError } from '../http/httpError';

/** `limit` 1–100 (default 20) and an opaque `cursor`, as docs/api.md says. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).optional(),
});

interface CursorValue {
  at: string;
  id: string;
}

const CursorShape = z.object({ at: z.iso.datetime(), id: z.string().min(1) });

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify({ at: at.toISOString(), id } satisfies CursorValue)).toString('base64url');
}

export function decodeCursor(cursor: string): CursorValue {
  try {
    return CursorShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new HttpError(400, 'invalid_request', 'query.cursor: not a cursor this API issued');
  }
}

/**
 * Keyset condition for "newest first" on (field, id): rows strictly after the
 * cursor. Stable under concurrent inserts, unlike offsets.
 */
export function olderThan(field: 'startedAt' | 'createdAt', cursor: CursorValue) {
  const at = new Date(cursor.at);
  return { OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: cursor.id } }] };
}

/** Cuts the extra row fetched to know whether another page exists. */
export function page<T extends { id: string }>(rows: T[], limit: number, at: (row: T) => Date) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(at(last), last.id) : null };
}
