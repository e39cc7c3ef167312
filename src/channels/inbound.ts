import type { ChannelRef, ChatGateway, EventOutcome } from '../chats/gateway';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import { wellFormedText } from '../text/wellFormedText';
import type { InboundMessage } from '../../workflows/types';
import { recordDeliveryStatus } from './deliveryStatus';
import type { InboundEvent } from './inboundEvent';

/**
 * How many lanes of one payload are applied at once. A WhatsApp batch holds up
 * to 1000 updates: one after another they took 17 s (a Temporal call each),
 * long enough for Meta to retry; 16 at a time keeps the dev server's single
 * SQLite writer busy without queueing past the calls' deadline.
 */
export const INBOUND_CONCURRENCY = 16;

/**
 * Applies a payload's events. Returns once each is durable: a message or
 * command recorded by Temporal, an edit or a status written. The outcome of
 * each event (in the payload's order) says which chat took it (or why none
 * did), for channels whose webhook answers with it.
 *
 * Events that share a conversation or a message form one lane, applied in the
 * payload's order (a conversation's messages in order, an edit or a reaction
 * after the message it changes, a message's statuses in order); separate
 * lanes run concurrently, `concurrency` at a time. If an event fails, no
 * further event starts, the ones under way finish, and the call rejects with
 * the first error: the provider retries the payload, and what was already
 * applied is dropped as a repeat then. `signal` stops it the same way (no
 * further event starts; the call rejects with the signal's reason).
 */
export async function applyInboundEvents(
  gateway: ChatGateway,
  db: Db,
  channel: ChannelRef,
  events: InboundEvent[],
  concurrency = INBOUND_CONCURRENCY,
  signal?: AbortSignal,
): Promise<Array<EventOutcome | null>> {
  const outcomes: Array<EventOutcome | null> = new Array<EventOutcome | null>(events.length).fill(null);
  const lanes = lanesOf(events);
  let next = 0;
  const stop = { failed: false, error: undefined as unknown };
  const runLanes = async () => {
    while (next < lanes.length && !stop.failed) {
      for (const index of lanes[next++]!) {
        if (signal?.aborted && !stop.failed) Object.assign(stop, { failed: true, error: signal.reason });
        if (stop.failed) return;
        try {
          outcomes[index] = await applyOne(gateway, db, channel, events[index]!);
        } catch (error) {
          if (!stop.failed) Object.assign(stop, { failed: true, error });
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, lanes.length)) }, runLanes));
  if (stop.failed) throw stop.error;
  return outcomes;
}

/** The keys that order an event after earlier ones: its conversation, the messages it is or changes. */
function orderKeys(event: InboundEvent): string[] {
  switch (event.kind) {
    case 'open':
    case 'close':
      return [`chat:${event.externalChatId}`];
    case 'message':
    case 'edit':
      return [`chat:${event.externalChatId}`, `message:${event.message.channelMessageId}`];
    case 'reaction':
      return [`message:${event.targetMessageId}`];
    case 'status':
      return [`message:${event.providerMessageId}`];
  }
}

/**
 * Splits events into lanes: events linked through a shared key (directly or
 * through other events) share a lane. Each lane lists event indexes in
 * payload order; lanes come in the order of their first event.
 */
export function lanesOf(events: InboundEvent[]): number[][] {
  // Union-find over event indexes, joined through the first event seen with each key.
  const parent = events.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const firstWithKey = new Map<string, number>();
  events.forEach((event, i) => {
    for (const key of orderKeys(event)) {
      const first = firstWithKey.get(key);
      if (first === undefined) firstWithKey.set(key, i);
      else {
        const [a, b] = [root(first), root(i)];
        // The smaller index stays the root, so a lane is found under its first event.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const lanes = new Map<number, number[]>();
  events.forEach((_, i) => {
    const r = root(i);
    const lane = lanes.get(r);
    if (lane) lane.push(i);
    else lanes.set(r, [i]);
  });
  return [...lanes.values()];
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
