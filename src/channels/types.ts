import type { CsatStep, MediaFile, Sender, TemplateMessage } from '../../workflows/types';

export interface OutboundMessage {
  messageId: string;
  externalChatId: string;
  sender: Sender;
  content: string;
  /** A file in the media store, sent with `content` as its caption. */
  attachment?: MediaFile;
  template?: TemplateMessage;
  /** A satisfaction survey question: `rating` is shown with the choices 1–5 where the channel can. */
  csat?: CsatStep;
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

/**
 * How long the first attempt at a message may take. It runs inside the
 * chat's step (workflow task), which holds every command on the chat while
 * it lasts, so it makes one bounded try: no provider-side retries, no
 * waiting out a rate limit. What does not go through leaves for the outbox,
 * whose retries run outside the step.
 */
export const FIRST_ATTEMPT_TIMEOUT_MS = 5_000;

export interface SendOptions {
  /** The step's own first try: one call, bounded by FIRST_ATTEMPT_TIMEOUT_MS, no provider retries. */
  firstAttempt?: boolean;
}

/** A conversation as the signs of presence need it: the channel's id of it and of the customer's last message. */
export interface PresenceTarget {
  externalChatId: string;
  /** The channel's id of the customer's last message (a wamid), if any. */
  lastInboundMessageId: string | null;
}

/** Sends one message out through a channel. Transient failures throw plain errors (retried). */
export interface ChannelSender {
  send(channel: ChannelRecord, message: OutboundMessage, options?: SendOptions): Promise<SendReceipt>;
  /**
   * Shows the customer someone is typing (Telegram's `typing` action, WhatsApp's typing indicator),
   * for a few seconds. One call, no retries; resolves false when the channel had nothing to call.
   * Channel types without it leave it out.
   */
  showTyping?(channel: ChannelRecord, target: PresenceTarget): Promise<boolean>;
  /** Marks the customer's message read (WhatsApp's blue ticks). One call, no retries. */
  markRead?(channel: ChannelRecord, inboundMessageId: string): Promise<void>;
}

/** How long a sign of presence may take: it is best-effort, never worth a wait. */
export const PRESENCE_TIMEOUT_MS = 3_000;

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

/** The sender of each channel type (the worker's side of a channel), by type name. */
export type ChannelSenders = Record<string, ChannelSender>;
/** How each channel type hands over a customer's file (the API side), by type name. */
export type MediaFetchers = Record<string, MediaFetcher>;

export function senderFor(senders: ChannelSenders, type: string): ChannelSender {
  const sender = senders[type];
  if (!sender) throw new PermanentDeliveryError(`no sender for channel type ${type}`);
  return sender;
}
