import type { ChannelKind } from '../channelKind';
import { TelegramClients } from './botApi';
import { TelegramMediaFetcher } from './media';
import { TelegramSender } from './sender';
import { telegramSettings } from './settings';
import { telegramWebhook } from './webhook';

/** Telegram bots through the Bot API (grammY): webhook or polling in, sendMessage and files out. */
export const telegramChannel = {
  settings: telegramSettings,
  webhook: telegramWebhook,
  sender: (env, media) => new TelegramSender(new TelegramClients(env.telegramApiRoot), media),
  mediaFetcher: (env) => new TelegramMediaFetcher(new TelegramClients(env.telegramApiRoot)),
} satisfies ChannelKind<'telegram'>;
