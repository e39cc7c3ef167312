import type { ChannelSecrets } from '../channels/channelSecrets';
import type { Db } from '../db/client';

/**
 * At start, as for channels (resealChannelSecrets): a subscription's secret
 * sealed under a key no longer first in ENCRYPTION_KEYS is rewritten under
 * the current one, so a key rotation completes by itself. Each row only if
 * still as read, so processes starting together do no harm.
 */
export async function resealWebhookSecrets(db: Db, secrets: ChannelSecrets): Promise<number> {
  let rewritten = 0;
  for (const row of await db.webhook.findMany({ select: { id: true, secret: true } })) {
    if (secrets.isCurrent({ secret: row.secret })) continue;
    const { count } = await db.webhook.updateMany({
      where: { id: row.id, secret: row.secret },
      data: { secret: secrets.seal(secrets.open({ secret: row.secret })).secret! },
    });
    rewritten += count;
  }
  return rewritten;
}
