import type { ContactInfo, InboundMessage } from '../../workflows/types';
import type { DeliveryStatusUpdate } from './deliveryStatus';

/**
 * What a channel's webhook (or poller) turned a provider payload into. The
 * chat workflow sees only `message`s; edits and delivery statuses change the
 * stored messages and nothing else.
 */
export type InboundEvent =
  | { kind: 'message'; externalChatId: string; contact?: ContactInfo; message: InboundMessage }
  /** A new text for a message already sent (Telegram's edited_message). */
  | { kind: 'edit'; externalChatId: string; message: InboundMessage }
  /** A customer's emoji on a message (WhatsApp): kept on that message, not a turn of the chat. */
  | { kind: 'reaction'; targetMessageId: string; emoji: string }
  | ({ kind: 'status' } & DeliveryStatusUpdate);
