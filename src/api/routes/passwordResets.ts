import Router from '@koa/router';
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../../auth/apiTokens';
import { recordAudit } from '../../audit/auditLog';
import { notFound } from '../../http/httpError';
import { auditActor, requireRole, type AuthState } from '../auth';
import type { ApiDeps } from '../deps';

/** How long a password-reset link is good for. */
export const RESET_TTL_MS = 60 * 60 * 1000;

/**
 * `POST /api/v1/attendants/:id/password-reset` (admin): a one-hour,
 * one-use link into the console, handed over by the admin (no e-mail server
 * needed). Only its hash is kept; a new link replaces the person's unused ones.
 */
export function passwordResetRoutes({ db, publicUrl }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1' });
  router.post('/attendants/:id/password-reset', requireRole('admin'), async (ctx) => {
    const person = await db.attendant.findUnique({ where: { id: ctx.params.id! }, select: { id: true, active: true } });
    if (!person?.active) throw notFound('attendant');
    const token = `atr_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + RESET_TTL_MS);
    await db.$transaction(async (tx) => {
      await tx.passwordReset.deleteMany({ where: { attendantId: person.id, usedAt: null } });
      await tx.passwordReset.create({
        data: { attendantId: person.id, tokenHash: hashSecret(token), createdBy: ctx.state.attendant.id, expiresAt },
      });
      await recordAudit(tx, {
        actor: auditActor(ctx.state),
        action: 'auth.password_reset_issued',
        target: { type: 'attendant', id: person.id },
        ip: ctx.ip,
      });
    });
    // In the fragment: a browser never sends it to a server, nor in a Referer.
    const base = (publicUrl ?? `${ctx.protocol}://${ctx.host}`).replace(/\/+$/, '');
    ctx.set('cache-control', 'no-store');
    ctx.status = 201;
    ctx.body = { url: `${base}/console/#/reset-password/${token}`, expiresAt: expiresAt.toISOString() };
  });
  return router;
}
