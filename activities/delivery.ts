import { log } from '@temporalio/activity';
import { loadChannel } from '../src/channels/store';
import { PermanentDeliveryError, senderFor, type SendOptions, type SendReceipt } from '../src/channels/types';
import type { OutboundMessage } from '../workflows/types';
import { chatEvent } from '../src/events/chatEvents';
import { deliveries } from '../src/observability/prometheus';
import type { ActivityDeps } from './deps';
import { isPermanentDbError } from './permanentFailure';
import { readReceiptsFor } from '../src/channels/readReceipts';
import { logger } from '../src/logger';

export type DeliveryResult = { status: 'delivered' } | { status: 'failed'; error: string };

export function createDeliveryActivities({ db, senders, secrets }: Pick<ActivityDeps, 'db' | 'senders' | 'secrets'>) {
  /** The bot answered: the customer's message shows read (WhatsApp), once, in the background. */
  const receipts = readReceiptsFor({ db, senders, secrets, logger });
  /** The message's row: written (pending) by a v2 chat's step, or here for v1 chats. */
  const recordedOutbound = async (input: OutboundMessage) =>
    (await db.message.findUnique({
      where: { id: input.messageId },
      select: { deliveryStatus: true, deliveryError: true },
    })) ??
    (await db.message.upsert({
      where: { id: input.messageId },
      create: {
        id: input.messageId,
        chatId: input.chatId,
        channelId: input.channelId,
        sender: input.sender,
        type: 'text',
        content: input.content,
        attendantId: input.attendantId,
        deliveryStatus: 'pending',
        createdAt: new Date(input.createdAt),
      },
      update: {},
    }));

  return {
    /**
     * Records an outbound message and sends it. Idempotent by messageId: a
     * retry re-sends only what is not yet delivered. A permanent refusal
     * (4xx) is recorded as a failed delivery and returned, not thrown.
     */
    async deliverMessage(input: OutboundMessage, options: SendOptions = {}): Promise<DeliveryResult> {
      const row = await recordedOutbound(input).catch((err: unknown) => {
        // A message the database refuses for good is not sent: it would block the chat's outbox forever.
        if (isPermanentDbError(err)) return null;
        throw err;
      });
      if (!row) {
        log.error('outbound message refused by the database; not sent', { messageId: input.messageId });
        return { status: 'failed', error: 'the database refused the message' };
      }

      // Sent once already (a re-run): `sent`, `delivered` and `read` all mean the channel has it.
      if (row.deliveryStatus && !['pending', 'failed'].includes(row.deliveryStatus)) return { status: 'delivered' };
      if (row.deliveryStatus === 'failed') return { status: 'failed', error: row.deliveryError ?? 'failed' };

      const channel = await loadChannel(db, input.channelId, secrets);
      let receipt: SendReceipt;
      try {
        if (!channel) throw new PermanentDeliveryError('channel no longer exists');
        if (!channel.active) throw new PermanentDeliveryError('channel is deactivated');
        receipt = await senderFor(senders, channel.type).send(
          channel,
          {
            messageId: input.messageId,
            externalChatId: input.externalChatId,
            sender: input.sender,
            content: input.content,
            ...(input.attachment ? { attachment: input.attachment } : {}),
            ...(input.template ? { template: input.template } : {}),
            ...(input.csat ? { csat: input.csat } : {}),
          },
          options,
        );
      } catch (err) {
        if (!(err instanceof PermanentDeliveryError)) throw err;
        log.warn('delivery refused', { messageId: input.messageId, error: err.message });
        deliveries.inc({ channel_type: channel?.type ?? 'unknown', outcome: 'failed' });
        await db.$transaction([
          db.message.update({
            where: { id: input.messageId },
            data: { deliveryStatus: 'failed', deliveryError: err.message },
          }),
          db.chatEvent.create({
            data: chatEvent('message.status', input.chatId, { messageId: input.messageId, deliveryStatus: 'failed' }),
          }),
        ]);
        return { status: 'failed', error: err.message };
      }
      await db.$transaction([
        // The channel's id of the message lets its receipts (WhatsApp statuses) find it.
        db.message.update({
          where: { id: input.messageId },
          data: { deliveryStatus: receipt.status, channelMessageId: receipt.providerMessageId ?? null },
        }),
        db.chat.updateMany({
          where: { id: input.chatId, firstResponseAt: null },
          data: { firstResponseAt: new Date() },
        }),
        db.chatEvent.create({
          data: chatEvent('message.status', input.chatId, {
            messageId: input.messageId,
            deliveryStatus: receipt.status,
          }),
        }),
      ]);
      deliveries.inc({ channel_type: channel!.type, outcome: receipt.status });
      // Not awaited: one Graph call after the send, off the step's path; it never throws.
      if (input.sender === 'bot' && senders[channel!.type]?.markRead) {
        void receipts.markLastRead(
          { id: input.chatId, channelId: input.channelId, externalChatId: input.externalChatId },
          channel!,
        );
      }
      return { status: 'delivered' };
    },
  };
}
