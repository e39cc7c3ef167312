import type Router from '@koa/router';
import { CHANNELS } from './registry';
import type { WebhookDeps } from './webhookDeps';

/**
 * The webhook routes of every channel type. Each reads its raw body itself
 * (signatures cover the exact bytes), turns it into channel events and hands
 * them to the ChatGateway: nothing channel-specific goes past it.
 */
export function channelWebhooks(deps: WebhookDeps): Router[] {
  return Object.values(CHANNELS).map((kind) => kind.webhook(deps));
}
