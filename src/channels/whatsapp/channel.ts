import type { ChannelKind } from '../channelKind';
import { WhatsAppGraph } from './graphApi';
import { WhatsAppMediaFetcher } from './media';
import { WhatsAppSender } from './sender';
import { whatsappSettings } from './settings';
import { whatsappWebhook } from './webhook';

/** The WhatsApp Cloud API through Meta's Graph API: signed webhooks in, messages, files and templates out. */
export const whatsappChannel = {
  settings: whatsappSettings,
  webhook: whatsappWebhook,
  sender: (env, media) => new WhatsAppSender(new WhatsAppGraph(env.whatsappApiUrl), media),
  mediaFetcher: (env) => new WhatsAppMediaFetcher(new WhatsAppGraph(env.whatsappApiUrl)),
} satisfies ChannelKind<'whatsapp'>;
