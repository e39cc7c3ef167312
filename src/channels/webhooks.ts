import type Router from '@koa/router';
import { apiChannelWebhook } from './api/webhook';
import { telegramWebhook } from './telegram/webhook';
import { whatsappWebhook } from './whatsapp/webhook';
import type { WebhookDeps } from './webhookDeps';

/**
 * The webhook routes of every channel type. Each reads its raw body itself
 * (signatures cover the exact bytes), turns it into channel events and hands
 * them to the ChatGateway: nothing channel-specific goes past it.
 */
export function channelWebhooks(deps: WebhookDeps): Router[] {
  return [apiChannelWebhook(deps), telegramWebhook(deps), whatsappWebhook(deps)];
}
