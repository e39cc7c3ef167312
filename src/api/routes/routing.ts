import Router from '@koa/router';
import { loadRouting, RoutingConfig, saveRouting } from '../../assignment/routing';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { parse } from '../../http/validate';

/** `GET|PUT /api/v1/routing` (admin): the department, skills and priority a handed-off chat gets by its intent. */
export function routingRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/routing' });
  router.use(requireRole('admin'));
  router.get('/', async (ctx) => {
    ctx.body = await loadRouting(db);
  });
  // Applies to chats handed off from now on; chats already queued keep their department.
  router.put('/', async (ctx) => {
    const config = parse(RoutingConfig, ctx.request.body);
    await saveRouting(db, config);
    ctx.body = config;
  });
  return router;
}
