import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { offerSeatsAndNotify } from './dispatcher';
import { signalAssignments, signalAttendantLeft } from './notifier';
import { OPEN } from './seats';

/**
 * After an attendant's row changed (availability, capacity, skills, hours,
 * department, activation): a deactivated attendant's open chats go back to
 * the queue; an active, available one is offered what they can take now.
 */
export async function afterAttendantChange(
  deps: { db: Db; temporal: Client; logger: Logger },
  attendant: { id: string; active: boolean; available: boolean },
): Promise<void> {
  const { db, temporal, logger } = deps;
  if (!attendant.active) {
    const held = await db.chat.findMany({
      where: { attendantId: attendant.id, status: OPEN },
      select: { workflowId: true },
    });
    await signalAttendantLeft(temporal, held, attendant.id, 'attendant deactivated; back to the queue');
    return;
  }
  if (!attendant.available) return;
  await offerSeatsAndNotify(db, attendant.id, signalAssignments(temporal), (assignment, err) =>
    logger.warn({ chatId: assignment.chatId, err }, 'assigned chat not told; its queue check will find the seat'),
  );
}
