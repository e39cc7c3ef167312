import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { parse } from '../../http/validate';
import { DEFAULT_TIME_ZONE } from '../deps';
import { chatMetrics, MetricsQuery } from '../../metrics/chatMetrics';
import { metricSeries, SeriesQuery } from '../../metrics/series';

/**
 * `GET /api/v1/metrics` and `/api/v1/metrics/series` (supervisors and
 * admins): the figures of docs/api.md "Metrics" and "Figures over time".
 */
export function metricsRoutes({ db, timeZone }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/metrics' });
  router.use(requireRole('supervisor', 'admin'));
  router.get('/', async (ctx) => {
    ctx.body = await chatMetrics(db, parse(MetricsQuery, ctx.query, 'query'));
  });
  router.get('/series', async (ctx) => {
    ctx.body = await metricSeries(db, parse(SeriesQuery, ctx.query, 'query'), timeZone ?? DEFAULT_TIME_ZONE);
  });
  return router;
}
