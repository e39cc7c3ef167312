import type { Db } from '../db/client';

/** Statuses in which a chat occupies its attendant. */
const OCCUPYING = ['waiting_attendant', 'waiting_customer'];

/**
 * Whether the attendant may take one more chat: active, and below their
 * maximum of concurrent chats (docs/design.md: nobody ever exceeds capacity).
 */
export async function attendantCanTake(
  db: Db,
  attendantId: string,
): Promise<'ok' | 'unknown' | 'inactive' | 'at_capacity'> {
  const attendant = await db.attendant.findUnique({
    where: { id: attendantId },
    select: { active: true, maxConcurrent: true },
  });
  if (!attendant) return 'unknown';
  if (!attendant.active) return 'inactive';
  const open = await db.chat.count({ where: { attendantId, status: { in: OCCUPYING } } });
  return open < attendant.maxConcurrent ? 'ok' : 'at_capacity';
}
