import type { Context, Next } from 'koa';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from '../http/httpError';

export const DEFAULT_WEBHOOK_RATE_LIMIT = 1000;

/** Any channel type's webhook (`/webhooks/<type>/<channelId>`): the limit is per channel. */
const WEBHOOK_PATH = /^\/webhooks\/([a-z]+)\/([^/]+)$/;

/**
 * At most `perSecond` webhook calls per channel per second and API process
 * (rate-limiter-flexible, in memory: the limit guards this process, and the
 * channel retries a 429). Checked before the body is read, so a flood costs
 * no parsing, no database and no Temporal.
 */
export function webhookRateLimit(perSecond: number) {
  const limiter = new RateLimiterMemory({ points: perSecond, duration: 1 });
  return async (ctx: Context, next: Next): Promise<void> => {
    const match = WEBHOOK_PATH.exec(ctx.path);
    if (!match) return next();
    try {
      await limiter.consume(match[2]!);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      throw new HttpError(
        429,
        'rate_limited',
        `more than ${perSecond} webhook calls per second for this channel`,
        undefined,
        {
          'retry-after': String(Math.max(1, Math.ceil(res.msBeforeNext / 1000))),
        },
      );
    }
    await next();
  };
}
