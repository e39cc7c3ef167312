import Router from '@koa/router';
import { loadRouting, RoutingConfig, saveRouting } from '../../assignment/routing';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { parse } from '../../http/validate';
import { tagsNamed } from '../../tags/tags';
import { audited, auditBy } from '../../audit/audited';

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
    // Each rule's tags must be in the catalogue now (400 naming body.rules.<i>.tags.<j>).
    for (const [i, rule] of config.rules.entries()) {
      if (rule.tags) await tagsNamed(db, rule.tags, `body.rules.${i}.tags`);
    }
    await audited(
      db,
      auditBy(ctx),
      (tx) => saveRouting(tx, config),
      () => ({ action: 'routing.updated', details: { rules: config.rules.length } }),
    );
    ctx.body = config;
  });
  return router;
}
