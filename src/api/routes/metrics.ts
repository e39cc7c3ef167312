import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { parse } from '../../http/validate';
import { chatMetrics, MetricsQuery } from '../../metrics/chatMetrics';

/** `GET /api/v1/metrics` (supervisors and admins): the figures of docs/api.md "Metrics". */
export function metricsRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/metrics' });
  router.use(requireRole('supervisor', 'admin'));
  router.get('/', async (ctx) => {
    ctx.body = await chatMetrics(db, parse(MetricsQuery, ctx.query, 'query'));
  });
  return router;
}
