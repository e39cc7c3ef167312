import type { MediaFile, Sender, TemplateMessage } from '../../workflows/types';

export interface OutboundMessage {
  messageId: string;
  externalChatId: string;
  sender: Sender;
  content: string;
  /** A file in the media store, sent with `content` as its caption. */
  attachment?: MediaFile;
  template?: TemplateMessage;
}

/** What a channel said when it took a message: its id of it, and how far it got. */
export interface SendReceipt {
  /** Stored as the message's channelMessageId, so delivery statuses find it. */
  providerMessageId?: string;
  /** `sent`: accepted, receipts follow (WhatsApp); `delivered`: nothing more will be known. */
  status: 'sent' | 'delivered';
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
  send(channel: ChannelRecord, message: OutboundMessage): Promise<SendReceipt>;
}

/** A file a customer sent, as the channel hands it over. */
export interface FetchedMedia {
  data: Uint8Array;
  mimeType?: string;
}

/** Downloads an inbound message's file from the channel (by its `ref`). */
export interface MediaFetcher {
  fetch(channel: ChannelRecord, ref: string): Promise<FetchedMedia>;
}

/** Where the channels' outside services are and where files live: from the configuration. */
export interface ChannelEnvironment {
  telegramApiRoot: string;
  whatsappApiUrl: string;
  /** The product's public base URL: webhooks are registered under it when set. */
  publicUrl?: string;
  /** API channels may call back loopback, link-local and private addresses (development). */
  allowPrivateCallbacks: boolean;
}
