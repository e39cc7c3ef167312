import type { Db } from '../db/client';

const BATCH = 500;
const SETTLED = ['delivered', 'failed'];

/**
 * Removes a subscription's settled deliveries (delivered or failed) created
 * before `before`, a batch at a time; the number removed. Pending ones stay
 * whatever their age (a redelivery made one pending again), and so does any
 * delivery of an event the intake may still read (`eventId` above
 * `upToEventId`): its row is what stops that event being taken twice.
 *
 * Ids and creation times grow together, so the rows are bounded by the id of
 * the first one kept for its age: each query reads only older rows.
 */
export async function pruneSettledDeliveries(
  db: Db,
  webhookId: string,
  opts: { before: Date; upToEventId: number; maxBatches?: number },
): Promise<number> {
  const newer = await db.webhookDelivery.findFirst({
    where: { webhookId, createdAt: { gte: opts.before } },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  let removed = 0;
  for (let batch = 0; batch < (opts.maxBatches ?? 20); batch++) {
    const rows = await db.webhookDelivery.findMany({
      where: {
        webhookId,
        status: { in: SETTLED },
        createdAt: { lt: opts.before },
        eventId: { lte: opts.upToEventId },
        ...(newer ? { id: { lt: newer.id } } : {}),
      },
      orderBy: { id: 'asc' },
      select: { id: true },
      take: BATCH,
    });
    if (rows.length === 0) break;
    // Settled still: a redelivery asked for since the read made it pending again.
    const { count } = await db.webhookDelivery.deleteMany({
      where: { id: { in: rows.map((r) => r.id) }, status: { in: SETTLED } },
    });
    removed += count;
    if (rows.length < BATCH) break;
  }
  return removed;
}
