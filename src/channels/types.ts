import type { Sender } from '../../workflows/types';

export interface OutboundMessage {
  messageId: string;
  externalChatId: string;
  sender: Sender;
  content: string;
}

/** A channel as senders need it: its settings and (decrypted) secrets. */
export interface ChannelRecord {
  id: string;
  type: string;
  active: boolean;
  settings: Record<string, unknown>;
  credentials: Record<string, unknown>;
}

/** The receiver refused the message (4xx): retrying cannot help. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** Sends one message out through a channel. Transient failures throw plain errors (retried). */
export interface ChannelSender {
  send(channel: ChannelRecord, message: OutboundMessage): Promise<void>;
}
