import { LRUCache } from 'lru-cache';
import {
  lastInboundMessageId,
  readReceiptsFor,
  withoutSecrets,
  type PresenceChat,
  type PresenceDeps,
} from './readReceipts';
import { loadChannel } from './store';
import type { ChannelRecord } from './types';

/** At most one typing call per chat this often: both channels show it for about this long (Telegram 5 s). */
export const TYPING_INTERVAL_MS = 5_000;

/**
 * "Someone is typing" on the customer's channel while an attendant types in
 * the console (`POST /api/v1/chats/:id/typing`). The console may call on
 * every keystroke: each chat makes at most one channel call per
 * TYPING_INTERVAL_MS in this process. The call is made in the background, so
 * the attendant never waits for it, and its failure is only logged.
 */
export class TypingSignals {
  private readonly recent: LRUCache<string, true>;

  constructor(
    private readonly deps: PresenceDeps,
    intervalMs = TYPING_INTERVAL_MS,
  ) {
    this.recent = new LRUCache<string, true>({ max: 10_000, ttl: intervalMs, ttlAutopurge: false });
  }

  /** Starts the channel call unless one went out for this chat within the interval; resolves when it is done (never rejects). */
  typing(chat: PresenceChat): Promise<boolean> {
    if (this.recent.has(chat.id)) return Promise.resolve(false);
    this.recent.set(chat.id, true);
    return this.send(chat);
  }

  private async send(chat: PresenceChat): Promise<boolean> {
    let channel: ChannelRecord | null = null;
    try {
      channel = await loadChannel(this.deps.db, chat.channelId, this.deps.secrets);
      const sender = channel?.active ? this.deps.senders[channel.type] : undefined;
      if (!channel || !sender?.showTyping) return false;
      const lastInbound = await lastInboundMessageId(this.deps.db, chat.id);
      const shown = await sender.showTyping(channel, {
        externalChatId: chat.externalChatId,
        lastInboundMessageId: lastInbound,
      });
      // WhatsApp's indicator is a read receipt too: the message is not marked again when the chat is opened.
      if (shown && lastInbound && sender.markRead) readReceiptsFor(this.deps).remember(chat.channelId, lastInbound);
      return shown;
    } catch (err) {
      this.deps.logger.warn(
        { chatId: chat.id, channelId: chat.channelId, error: withoutSecrets(err, channel) },
        'could not show the customer that someone is typing',
      );
      return false;
    }
  }
}
