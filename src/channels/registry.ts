import { ApiChannelSender } from './apiChannelSender';
import { PermanentDeliveryError, type ChannelSender } from './types';

/** The sender for each channel type. Telegram and WhatsApp arrive with their issues. */
export type ChannelSenders = Record<string, ChannelSender>;

export function defaultChannelSenders(): ChannelSenders {
  return { api: new ApiChannelSender() };
}

export function senderFor(senders: ChannelSenders, type: string): ChannelSender {
  const sender = senders[type];
  if (!sender) throw new PermanentDeliveryError(`no sender for channel type ${type}`);
  return sender;
}
