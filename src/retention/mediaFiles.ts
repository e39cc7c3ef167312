import type { Db } from '../db/client';
import type { MediaStore } from '../media/mediaStore';
import { messageNames, ORPHAN_AGE_MS } from '../media/orphans';

/**
 * Removes the files no stored message or canned response names any more (a
 * file a newer message shares stays), unless kept within the last hour (a
 * command in flight may be about to name it: the orphan sweep's rule).
 * Returns how many went.
 */
export async function removeUnnamedFiles(db: Db, media: MediaStore, files: Iterable<string>): Promise<number> {
  let removed = 0;
  const freshAfter = Date.now() - ORPHAN_AGE_MS;
  for (const sha256 of files) {
    if (await messageNames(db, sha256)) continue;
    const keptAt = await media.keptAt(sha256);
    if (keptAt === null || keptAt >= freshAfter) continue;
    await media.remove(sha256);
    removed++;
  }
  return removed;
}
