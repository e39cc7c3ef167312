import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { MediaStore } from './mediaStore';

/** How old an unnamed file must be to go: older than any command or fetch still on its way to naming it. */
export const ORPHAN_AGE_MS = 60 * 60 * 1000;
/** How often an API process sweeps (and once at start). */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;

const PAGE = 1000;
const SHA256_IN_TEXT = /[0-9a-f]{64}/g;

/** The files (sha256 names) a column of JSON names: any sha256 in it counts, so a doubt keeps a file. */
export function filesNamedBy(rows: Iterable<{ media: string | null }>): Set<string> {
  const files = new Set<string>();
  for (const { media } of rows) for (const sha256 of media?.match(SHA256_IN_TEXT) ?? []) files.add(sha256);
  return files;
}

/** Whether a stored message names the file (its `media` JSON holds the sha256), or a canned response does. */
export async function messageNames(db: Db, sha256: string): Promise<boolean> {
  const row = await db.message.findFirst({ where: { media: { contains: sha256 } }, select: { id: true } });
  if (row !== null) return true;
  return (await db.cannedResponse.count({ where: { attachment: { contains: sha256 } } })) > 0;
}

/**
 * Every file a stored message or canned response names: one pass over the messages that have
 * a file, a page at a time, reading only their `media` column. Any sha256
 * in it counts, so a doubt keeps a file rather than removing it.
 */
async function namedFiles(db: Db): Promise<Set<string>> {
  const named = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await db.message.findMany({
      where: { media: { not: null }, ...(after ? { id: { gt: after } } : {}) },
      select: { id: true, media: true },
      orderBy: { id: 'asc' },
      take: PAGE,
    });
    for (const { media } of page) for (const sha256 of media?.match(SHA256_IN_TEXT) ?? []) named.add(sha256);
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  // Canned responses' files (a few hundred at most) are kept as long as the response is.
  const canned = await db.cannedResponse.findMany({
    where: { attachment: { not: null } },
    select: { attachment: true },
  });
  for (const { attachment } of canned) for (const sha256 of attachment?.match(SHA256_IN_TEXT) ?? []) named.add(sha256);
  return named;
}

/**
 * Removes the files of DATA_DIR/media that no message names and that were
 * last kept more than `olderThanMs` ago (a file kept a moment ago for a
 * command in flight survives), and old leftovers of interrupted writes.
 * Returns the names removed.
 */
export function sweepOrphanMedia(
  db: Db,
  media: MediaStore,
  { olderThanMs = ORPHAN_AGE_MS }: { olderThanMs?: number } = {},
): Promise<string[]> {
  return media.sweep(Date.now() - olderThanMs, () => namedFiles(db));
}

/** Sweeps now and every `everyMs` (an hour) in the background; returns how to stop. */
export function startMediaSweeps(db: Db, media: MediaStore, log: Logger, everyMs = SWEEP_EVERY_MS): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const removed = await sweepOrphanMedia(db, media);
      if (removed.length > 0) log.info({ removed: removed.length }, 'orphan media files removed');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'orphan media sweep failed');
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
