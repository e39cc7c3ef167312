import { TERMINAL_STATUSES } from '../../workflows/types';
import { chatEvent } from '../events/chatEvents';
import type { Db } from '../db/client';

/**
 * The one owner of capacity. A chat's seat is its `attendantId` while the
 * chat is open; an attendant's load is the number of open chats they hold.
 * A seat is taken only here, in one transaction that first writes the
 * attendant's row: that write locks it (a row lock on PostgreSQL, the write
 * lock on SQLite), so two takes for one attendant, from any process, run one
 * after the other and the second sees the first's chat in the count.
 */
export type SeatOutcome = 'taken' | 'at_capacity' | 'unavailable' | 'chat_gone';

export const OPEN = { notIn: [...TERMINAL_STATUSES] };

class Refused extends Error {
  constructor(readonly outcome: SeatOutcome) {
    super(outcome);
  }
}

export interface SeatRequest {
  chatId: string;
  attendantId: string;
  /**
   * `queue`: the queue gives the chat; only to an available attendant and
   * only if nobody holds it yet. `command`: a claim or a transfer to a
   * person; moves the seat from whoever holds it.
   */
  by: 'queue' | 'command';
}

export async function takeSeat(db: Db, req: SeatRequest, now = new Date()): Promise<SeatOutcome> {
  try {
    await db.$transaction(async (tx) => {
      const lock = await tx.attendant.updateMany({
        where: { id: req.attendantId, active: true, ...(req.by === 'queue' ? { available: true } : {}) },
        data: { lastAssignedAt: now },
      });
      if (lock.count === 0) throw new Refused('unavailable');
      const { maxConcurrent } = await tx.attendant.findUniqueOrThrow({
        where: { id: req.attendantId },
        select: { maxConcurrent: true },
      });
      const held = await tx.chat.count({
        where: { attendantId: req.attendantId, status: OPEN, id: { not: req.chatId } },
      });
      if (held >= maxConcurrent) throw new Refused('at_capacity');
      const moved = await tx.chat.updateMany({
        where: { id: req.chatId, status: OPEN, ...(req.by === 'queue' ? { attendantId: null } : {}) },
        data: { attendantId: req.attendantId, queuedAt: null },
      });
      if (moved.count === 0) throw new Refused('chat_gone');
      await tx.chatEvent.createMany({
        data: [
          chatEvent('chat.assigned', req.chatId, { attendantId: req.attendantId, by: req.by }),
          ...(req.by === 'queue' ? [chatEvent('queue.changed', req.chatId)] : []),
        ],
      });
    });
    return 'taken';
  } catch (err) {
    if (err instanceof Refused) return err.outcome;
    throw err;
  }
}

/** Frees the chat's seat if `attendantId` still holds it (a later holder keeps theirs). */
export async function releaseSeat(db: Db, chatId: string, attendantId: string): Promise<void> {
  await db.chat.updateMany({ where: { id: chatId, attendantId }, data: { attendantId: null } });
}
