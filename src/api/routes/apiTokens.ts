import Router from '@koa/router';
import { newApiToken } from '../../auth/apiTokens';
import { recordAudit } from '../../audit/auditLog';
import { notFound } from '../../http/httpError';
import { parse } from '../../http/validate';
import { auditActor, requireRole, type AuthState } from '../auth';
import type { ApiDeps } from '../deps';
import { CreateApiToken } from './authSchema';

type Row = {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  createdBy: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
};

const present = (r: Row) => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: JSON.parse(r.scopes) as string[],
  createdBy: r.createdBy,
  expiresAt: r.expiresAt?.toISOString() ?? null,
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

/** API tokens for integrations (admins; never through a token: see scopeFor). */
export function apiTokenRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/api-tokens' });
  router.use(requireRole('admin'));

  router.get('/', async (ctx) => {
    const rows = await db.apiToken.findMany({ orderBy: { createdAt: 'desc' } });
    ctx.body = { items: rows.map(present) };
  });

  router.post('/', async (ctx) => {
    const body = parse(CreateApiToken, ctx.request.body);
    const { token, hash, prefix } = newApiToken();
    const row = await db.$transaction(async (tx) => {
      const created = await tx.apiToken.create({
        data: {
          name: body.name,
          prefix,
          tokenHash: hash,
          scopes: JSON.stringify([...new Set(body.scopes)]),
          createdBy: ctx.state.attendant.id,
          expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        },
      });
      await recordAudit(tx, {
        actor: auditActor(ctx.state),
        action: 'api_token.created',
        target: { type: 'api_token', id: created.id },
        details: { name: created.name, scopes: JSON.parse(created.scopes) as string[] },
        ip: ctx.ip,
      });
      return created;
    });
    ctx.set('cache-control', 'no-store');
    ctx.status = 201;
    ctx.body = { ...present(row), token };
  });

  router.delete('/:id', async (ctx) => {
    await db.$transaction(async (tx) => {
      const revoked = await tx.apiToken.updateMany({
        where: { id: ctx.params.id!, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (revoked.count === 0) {
        if (!(await tx.apiToken.findUnique({ where: { id: ctx.params.id! } }))) throw notFound('API token');
        return; // already revoked: nothing to do, nothing to record
      }
      await recordAudit(tx, {
        actor: auditActor(ctx.state),
        action: 'api_token.revoked',
        target: { type: 'api_token', id: ctx.params.id! },
        ip: ctx.ip,
      });
    });
    ctx.status = 204;
  });
  return router;
}
