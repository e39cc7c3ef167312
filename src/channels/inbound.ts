import type { ChannelRef, ChatGateway, EventOutcome } from '../chats/gateway';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import { wellFormedText } from '../text/wellFormedText';
import type { InboundMessage } from '../../workflows/types';
import { recordDeliveryStatus } from './deliveryStatus';
import type { InboundEvent } from './inboundEvent';

/**
 * Applies a payload's events in order. Returns once each is durable: a
 * message or command recorded by Temporal, an edit or a status written. The
 * outcome of each event says which chat took it (or why none did), for
 * channels whose webhook answers with it.
 */
export async function applyInboundEvents(
  gateway: ChatGateway,
  db: Db,
  channel: ChannelRef,
  events: InboundEvent[],
): Promise<Array<EventOutcome | null>> {
  const outcomes: Array<EventOutcome | null> = [];
  for (const event of events) outcomes.push(await applyOne(gateway, db, channel, event));
  return outcomes;
}

async function applyOne(gateway: ChatGateway, db: Db, channel: ChannelRef, event: InboundEvent) {
  switch (event.kind) {
    case 'open':
      return { kind: 'accepted' as const, chatId: await gateway.open(channel, event.externalChatId, event.contact) };
    case 'message':
      if (event.toOpenChat) return gateway.message(channel, event.externalChatId, event.message);
      await gateway.receive(channel, event.externalChatId, event.contact, event.message);
      return null;
    case 'close':
      return gateway.close(channel, event.externalChatId, event.request, event.signedAt);
    case 'edit':
      // An edit of a message never stored (its update lost or not yet in) is the message.
      if (!(await recordEdit(db, channel.id, event.message, event.editedAt))) {
        await gateway.receive(channel, event.externalChatId, undefined, event.message);
      }
      return null;
    case 'reaction':
      await recordReaction(db, channel.id, event.targetMessageId, event.emoji);
      return null;
    case 'status':
      await recordDeliveryStatus(db, channel.id, event);
      return null;
  }
}

/** Sets (or, with an empty emoji, removes) the customer's reaction on a message; unknown messages are ignored. */
async function recordReaction(db: Db, channelId: string, channelMessageId: string, emoji: string): Promise<void> {
  const row = await db.message.findUnique({
    where: { channelId_channelMessageId: { channelId, channelMessageId } },
    select: { id: true, metadata: true },
  });
  if (!row) return;
  const { reaction: _, ...metadata } = readJsonColumn<Record<string, unknown>>(row.metadata, {});
  await db.message.update({
    where: { id: row.id },
    data: { metadata: JSON.stringify(emoji ? { ...metadata, reaction: emoji } : metadata) },
  });
}

/**
 * Replaces a stored message's text with an edit written at `editedAt` (the
 * channel's clock), keeping the earlier texts in its metadata, and the edit
 * date of the text it now holds (`editedAt`). An edit no newer than that one
 * (delivered late, out of order, or replayed) changes nothing. False if the
 * message is not stored.
 */
async function recordEdit(db: Db, channelId: string, message: InboundMessage, editedAt: string): Promise<boolean> {
  const row = await db.message.findUnique({
    where: { channelId_channelMessageId: { channelId, channelMessageId: message.channelMessageId } },
    select: { id: true, content: true, metadata: true },
  });
  if (!row) return false;
  const metadata = readJsonColumn<Record<string, unknown>>(row.metadata, {});
  const current = typeof metadata.editedAt === 'string' ? Date.parse(metadata.editedAt) : NaN;
  if (Date.parse(editedAt) <= current) return true;
  const content = wellFormedText(message.content);
  const edits = Array.isArray(metadata.edits) ? metadata.edits : [];
  await db.message.update({
    where: { id: row.id },
    data:
      content === row.content
        ? // The same text written again: only the date of the newest edit moves.
          { metadata: JSON.stringify({ ...metadata, editedAt }) }
        : {
            content,
            metadata: JSON.stringify({
              ...metadata,
              editedAt,
              edits: [...edits, { content: row.content, editedAt: message.receivedAt }],
            }),
          },
  });
  return true;
}
