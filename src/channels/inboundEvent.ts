import type { CloseRequest, ContactInfo, InboundMessage } from '../../workflows/types';
import type { DeliveryStatusUpdate } from './deliveryStatus';

/**
 * What a channel's webhook (or poller) turned a provider payload into. The
 * chat workflow sees `open`, `message` and `close`; edits, reactions and
 * delivery statuses change stored messages and nothing else.
 *
 * Conversations open by themselves on a first message (Telegram, WhatsApp),
 * or explicitly (the API channel: `open`, then messages with `toOpenChat`,
 * which reach only a chat already open, then `close`).
 */
export type InboundEvent =
  | { kind: 'open'; externalChatId: string; contact?: ContactInfo }
  | {
      kind: 'message';
      externalChatId: string;
      contact?: ContactInfo;
      message: InboundMessage;
      /** Only to an open chat: a message for a conversation never opened, or closed, is refused. */
      toOpenChat?: boolean;
    }
  | {
      kind: 'close';
      externalChatId: string;
      request: CloseRequest;
      /**
       * The timestamp the channel signed the close with, exactly as sent: with the conversation it names
       * the close, which closes only the chat current when it first arrived (a replay is refused).
       */
      signedAt?: string;
    }
  /**
   * A new text for a message already sent (Telegram's edited_message), written at `editedAt` (the
   * channel's clock): applied only if newer than the text stored.
   */
  | { kind: 'edit'; externalChatId: string; message: InboundMessage; editedAt: string }
  /** A customer's emoji on a message (WhatsApp): kept on that message, not a turn of the chat. */
  | { kind: 'reaction'; targetMessageId: string; emoji: string }
  | ({ kind: 'status' } & DeliveryStatusUpdate);
