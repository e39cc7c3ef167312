import { ApiChannelSender } from './api/sender';
import { PermanentDeliveryError, type ChannelSender } from './types';

/** The sender of each channel type (the worker's side of a channel). Telegram and WhatsApp have none yet. */
export type ChannelSenders = Record<string, ChannelSender>;

export function defaultChannelSenders(): ChannelSenders {
  return { api: new ApiChannelSender() };
}

export function senderFor(senders: ChannelSenders, type: string): ChannelSender {
  const sender = senders[type];
  if (!sender) throw new PermanentDeliveryError(`no sender for channel type ${type}`);
  return sender;
}
