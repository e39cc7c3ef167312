import { CallbackTargets } from './api/callbackTarget';
import type { MediaStore } from '../media/mediaStore';
import { ApiChannelSender } from './api/sender';
import { TelegramClients } from './telegram/botApi';
import { TelegramMediaFetcher } from './telegram/media';
import { TelegramSender } from './telegram/sender';
import { PermanentDeliveryError, type ChannelEnvironment, type ChannelSender, type MediaFetcher } from './types';
import { WhatsAppGraph } from './whatsapp/graphApi';
import { WhatsAppMediaFetcher } from './whatsapp/media';
import { WhatsAppSender } from './whatsapp/sender';

/** The sender of each channel type (the worker's side of a channel). */
export type ChannelSenders = Record<string, ChannelSender>;
/** How each channel type hands over a customer's file (the API side). */
export type MediaFetchers = Record<string, MediaFetcher>;

export function defaultChannelSenders(env: ChannelEnvironment, media: MediaStore): ChannelSenders {
  return {
    api: new ApiChannelSender(media, new CallbackTargets(env.allowPrivateCallbacks)),
    telegram: new TelegramSender(new TelegramClients(env.telegramApiRoot), media),
    whatsapp: new WhatsAppSender(new WhatsAppGraph(env.whatsappApiUrl), media),
  };
}

export function defaultMediaFetchers(env: ChannelEnvironment): MediaFetchers {
  return {
    telegram: new TelegramMediaFetcher(new TelegramClients(env.telegramApiRoot)),
    whatsapp: new WhatsAppMediaFetcher(new WhatsAppGraph(env.whatsappApiUrl)),
  };
}

export function senderFor(senders: ChannelSenders, type: string): ChannelSender {
  const sender = senders[type];
  if (!sender) throw new PermanentDeliveryError(`no sender for channel type ${type}`);
  return sender;
}
