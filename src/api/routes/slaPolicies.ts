import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { parse } from '../../http/validate';
import { HttpError } from '../../http/httpError';
import { recordAudit } from '../../audit/auditLog';
import { loadSlaPolicies, saveSlaPolicies, SlaPoliciesBody } from '../../sla/policies';

/**
 * `GET|PUT /api/v1/sla-policies` (docs/api.md, "SLA policies"): everyone
 * signed in reads (the console's badge names the policy); admins write the
 * whole ordered list, audited in the same transaction.
 */
export function slaPolicyRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/sla-policies' });
  router.get('/', requireRole('attendant', 'supervisor', 'admin'), async (ctx) => {
    ctx.body = await loadSlaPolicies(db);
  });
  router.put('/', requireRole('admin'), async (ctx) => {
    const policies = parse(SlaPoliciesBody, ctx.request.body);
    const channelIds = [...new Set(policies.flatMap((p) => (p.match.channelId ? [p.match.channelId] : [])))];
    if (channelIds.length > 0) {
      const found = new Set(
        (await db.channel.findMany({ where: { id: { in: channelIds } }, select: { id: true } })).map((c) => c.id),
      );
      const i = policies.findIndex((p) => p.match.channelId !== undefined && !found.has(p.match.channelId));
      if (i >= 0) {
        const path = `body.${i}.match.channelId`;
        throw new HttpError(400, 'invalid_request', `${path}: no such channel`, [{ path, message: 'no such channel' }]);
      }
    }
    await db.$transaction(async (tx) => {
      await saveSlaPolicies(tx, policies);
      await recordAudit(tx, {
        actor: { type: 'attendant', id: ctx.state.attendant.id },
        action: 'sla_policies.updated',
        target: { type: 'settings', id: 'sla-policies' },
        details: { count: policies.length, names: policies.map((p) => p.name) },
        ip: ctx.ip,
      });
    });
    ctx.body = policies;
  });
  return router;
}
