import Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { ApiDeps } from '../deps';
import { HttpError } from '../../http/httpError';
import { sameSecret } from '../../channels/signature';
import { httpDuration, registerDatabaseGauges, registry, webhookRequests } from '../../observability/prometheus';

/** Times every request under its route pattern (never the raw path: ids would explode the label set). */
export function httpMetrics() {
  return async (ctx: Context, next: Next): Promise<void> => {
    const end = httpDuration.startTimer();
    try {
      await next();
    } finally {
      const route = (ctx as Context & { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      end({ method: ctx.method, route: String(route), status: String(ctx.status) });
      const webhook = /^\/webhooks\/(api|telegram|whatsapp)\//.exec(ctx.path);
      if (webhook) webhookRequests.inc({ channel_type: webhook[1]!, status: String(ctx.status) });
    }
  };
}

/**
 * `GET /metrics` in Prometheus' text format. Open by default (the API binds
 * to loopback); with METRICS_TOKEN set it needs that bearer token.
 */
export function prometheusRoutes({ db, metricsToken }: ApiDeps): Router {
  registerDatabaseGauges(db);
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    if (metricsToken) {
      const given = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
      if (!sameSecret(metricsToken, given)) throw new HttpError(401, 'unauthorized', 'METRICS_TOKEN required');
    }
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  });
  return router;
}
