import type { Db } from '../db/client';
import { chatEvent } from '../events/chatEvents';

/** How far an outbound message got. `failed` ends it; the rest only move forward. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryStatusUpdate {
  /** The channel's id of the message (a WhatsApp wamid). */
  providerMessageId: string;
  status: Exclude<DeliveryStatus, 'pending'>;
  /** For `failed`: the provider's code and title. */
  error?: string;
}

/** The statuses a message in `status` may still move to: receipts arrive in any order, the furthest wins. */
function laterThan(status: DeliveryStatus): DeliveryStatus[] {
  return DELIVERY_STATUSES.slice(DELIVERY_STATUSES.indexOf(status) + 1);
}

/**
 * Moves an outbound message forward to `status`, never back: one conditional
 * update, so concurrent receipts cannot undo each other. A status for a
 * message not (or not yet) known is ignored.
 */
export async function recordDeliveryStatus(db: Db, channelId: string, update: DeliveryStatusUpdate): Promise<void> {
  const earlier = DELIVERY_STATUSES.filter((s) => laterThan(s).includes(update.status));
  const moved = await db.message.updateMany({
    where: {
      channelId,
      channelMessageId: update.providerMessageId,
      // Inbound messages have no delivery status: a receipt never touches them.
      deliveryStatus: { in: earlier },
    },
    data: {
      deliveryStatus: update.status,
      ...(update.status === 'failed' ? { deliveryError: update.error ?? 'failed' } : {}),
    },
  });
  if (moved.count === 0) return;
  const row = await db.message.findFirst({
    where: { channelId, channelMessageId: update.providerMessageId },
    select: { id: true, chatId: true },
  });
  if (row) {
    await db.chatEvent.create({
      data: chatEvent('message.status', row.chatId, { messageId: row.id, deliveryStatus: update.status }),
    });
  }
}
