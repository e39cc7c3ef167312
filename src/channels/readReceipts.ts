import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { ChannelSecrets } from './channelSecrets';
import { loadChannel } from './store';
import type { ChannelRecord, ChannelSenders, PresenceTarget } from './types';

/**
 * Signs of presence the customer sees on their channel: read receipts (here)
 * and typing (src/channels/typing.ts). Both are best-effort calls made
 * straight from the process that notices (the API when an attendant opens or
 * types in a chat, the worker after the bot's answer), outside the chat's
 * workflow: they change nothing of ours, a lost one costs nothing, and as
 * workflow steps they would add history and a round trip to every keystroke.
 * Failures are logged (without secrets) and never reach the attendant.
 */
export interface PresenceDeps {
  db: Db;
  secrets: ChannelSecrets;
  senders: ChannelSenders;
  logger: Logger;
}

/** A chat as the signs of presence need it. */
export interface PresenceChat {
  id: string;
  channelId: string;
  externalChatId: string;
}

/** The channel's id of the customer's last message in the chat, or null. */
export async function lastInboundMessageId(db: Db, chatId: string): Promise<string | null> {
  const last = await db.message.findFirst({
    where: { chatId, sender: 'customer', channelMessageId: { not: null } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { channelMessageId: true },
  });
  return last?.channelMessageId ?? null;
}

/** A provider's error text without any of the channel's secrets in it. */
export function withoutSecrets(err: unknown, channel: ChannelRecord | null): string {
  let text = err instanceof Error ? err.message : String(err);
  for (const value of Object.values(channel?.credentials ?? {})) {
    if (typeof value === 'string' && value.length >= 4) text = text.split(value).join('[secret]');
  }
  return text.slice(0, 300);
}

/**
 * Marks customers' messages read on channels that show it (WhatsApp), each
 * message once per process: the ids already marked are kept (bounded), so a
 * console that reloads a chat on every live event makes one call per new
 * customer message, not one per reload.
 */
export class ReadReceipts {
  private readonly marked = new LRUCache<string, true>({ max: 20_000 });

  constructor(private readonly deps: PresenceDeps) {}

  /** Remembers a message the channel already shows read (WhatsApp's typing indicator marks it too). */
  remember(channelId: string, inboundMessageId: string): void {
    this.marked.set(`${channelId}:${inboundMessageId}`, true);
  }

  /**
   * Marks the chat's last customer message read, unless done already;
   * resolves whether a call was made. Never throws. `loaded`: the chat's
   * channel when the caller has it already (the delivery activity), saving two reads.
   */
  async markLastRead(chat: PresenceChat, loaded?: ChannelRecord): Promise<boolean> {
    let channel: ChannelRecord | null = loaded ?? null;
    try {
      const type =
        loaded?.type ??
        (await this.deps.db.channel.findUnique({ where: { id: chat.channelId }, select: { type: true } }))?.type;
      const sender = type ? this.deps.senders[type] : undefined;
      if (!sender?.markRead) return false;
      const wamid = await lastInboundMessageId(this.deps.db, chat.id);
      if (!wamid) return false;
      const key = `${chat.channelId}:${wamid}`;
      if (this.marked.has(key)) return false;
      // Taken before the call, so two opens at once make one call; given back if it fails.
      this.marked.set(key, true);
      channel ??= await loadChannel(this.deps.db, chat.channelId, this.deps.secrets);
      if (!channel?.active) return false;
      try {
        await sender.markRead(channel, wamid);
      } catch (err) {
        this.marked.delete(key);
        throw err;
      }
      return true;
    } catch (err) {
      this.deps.logger.warn(
        { chatId: chat.id, channelId: chat.channelId, error: withoutSecrets(err, channel) },
        'could not mark the customer’s message read',
      );
      return false;
    }
  }
}

/** One ReadReceipts per set of dependencies (one API process, one worker). */
const receiptsOf = new WeakMap<object, ReadReceipts>();

export function readReceiptsFor(deps: PresenceDeps): ReadReceipts {
  let receipts = receiptsOf.get(deps.senders);
  if (!receipts) receiptsOf.set(deps.senders, (receipts = new ReadReceipts(deps)));
  return receipts;
}

/**
 * The chat's attendant opened it (`GET /api/v1/chats/:id`, and the read
 * state's `POST …/read`): the customer's last message shows read on
 * channels that show it. Best-effort and deduplicated; never throws.
 */
export function onAttendantOpenedChat(deps: PresenceDeps, chat: PresenceChat): Promise<boolean> {
  return readReceiptsFor(deps).markLastRead(chat);
}

export type { PresenceTarget };
