import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import type { ChannelSecrets } from './channelSecrets';

/**
 * At start: channel credentials stored in clear (before encryption existed)
 * or under a key no longer first in ENCRYPTION_KEYS are rewritten under the
 * current key, so a rotation completes by itself. Each row is updated only
 * if it is still as read, so two processes starting at once do no harm.
 */
export async function resealChannelSecrets(db: Db, secrets: ChannelSecrets): Promise<number> {
  let rewritten = 0;
  for (const row of await db.channel.findMany({ select: { id: true, credentials: true } })) {
    const stored = readJsonColumn<Record<string, unknown>>(row.credentials, {});
    if (secrets.isCurrent(stored)) continue;
    const { count } = await db.channel.updateMany({
      where: { id: row.id, credentials: row.credentials },
      data: { credentials: JSON.stringify(secrets.seal(secrets.open(stored))) },
    });
    rewritten += count;
  }
  return rewritten;
}
