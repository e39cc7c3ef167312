import Router from '@koa/router';
import { AttemptLimits } from '../../auth/attemptLimits';
import { hashPassword } from '../../auth/passwords';
import { Sessions } from '../../auth/sessions';
import { CHALLENGE_TTL_SECONDS, type TokenService, type TokenSubject } from '../../auth/tokens';
import { checkSecondFactor } from '../../auth/twoFactor';
import { hashSecret } from '../../auth/apiTokens';
import { recordAudit } from '../../audit/auditLog';
import { HttpError } from '../../http/httpError';
import { parse } from '../../http/validate';
import type { ApiDeps } from '../deps';
import { presentAttendant } from '../presenters';
import { assertPasswordFor } from './attendantSchema';
import { Logout, SecondFactorLogin, UsePasswordReset } from './authSchema';

/** The first step's answer for a person with 2FA: no session yet, a challenge for `POST /auth/login/2fa`. */
export function twoFactorChallenge(tokens: TokenService, attendant: TokenSubject) {
  return { twoFactorRequired: true, challengeToken: tokens.challenge(attendant), expiresIn: CHALLENGE_TTL_SECONDS };
}

const invalidChallenge = () => new HttpError(401, 'invalid_token', 'the 2FA challenge is invalid or expired');
const invalidReset = () =>
  new HttpError(400, 'invalid_reset_token', 'the password-reset link is invalid, expired or already used');

/**
 * The unauthenticated session routes beside login and refresh: the second
 * step of a 2FA login, logout, and setting a password through a reset link.
 */
export function sessionRoutes({ db, tokens, channels }: ApiDeps): Router {
  const router = new Router({ prefix: '/api/v1/auth' });
  const limits = new AttemptLimits(db);
  const sessions = new Sessions(db, tokens);
  router.use(async (ctx, next) => {
    ctx.set('cache-control', 'no-store');
    await next();
  });

  router.post('/login/2fa', async (ctx) => {
    const body = parse(SecondFactorLogin, ctx.request.body);
    const claims = tokens.verify(body.challengeToken, '2fa');
    if (!claims) {
      await limits.garbageRefresh(ctx.ip);
      throw invalidChallenge();
    }
    await limits.beginSecondFactor(claims.sub, ctx.ip);
    const attendant = await db.attendant.findUnique({ where: { id: claims.sub } });
    if (!attendant?.active || attendant.tokenVersion !== claims.ver || !attendant.totpEnabledAt)
      throw invalidChallenge();
    const used = await checkSecondFactor(db, channels.secrets, attendant, body);
    if (!used) {
      await limits.secondFactorFailed(attendant.id, ctx.ip);
      throw new HttpError(401, 'invalid_code', 'wrong or already used code');
    }
    await limits.secondFactorSucceeded(attendant.id, ctx.ip);
    if (used === 'recovery') {
      const left = await db.recoveryCode.count({ where: { attendantId: attendant.id, usedAt: null } });
      await recordAudit(db, {
        actor: { type: 'attendant', id: attendant.id },
        action: 'auth.2fa_recovery_used',
        target: { type: 'attendant', id: attendant.id },
        details: { recoveryCodesLeft: left },
        ip: ctx.ip,
      });
    }
    ctx.body = { ...(await sessions.start(attendant, ctx.ip || null)), attendant: presentAttendant(attendant) };
  });

  router.post('/logout', async (ctx) => {
    const { refreshToken } = parse(Logout, ctx.request.body);
    const attendantId = await sessions.revoke(refreshToken);
    if (!attendantId) {
      await limits.garbageRefresh(ctx.ip);
      throw new HttpError(401, 'invalid_token', 'refresh token is invalid or expired');
    }
    await recordAudit(db, {
      actor: { type: 'attendant', id: attendantId },
      action: 'auth.logout',
      target: { type: 'attendant', id: attendantId },
      ip: ctx.ip,
    });
    ctx.status = 204;
  });

  router.post('/password-reset', async (ctx) => {
    const body = parse(UsePasswordReset, ctx.request.body);
    const reset = await db.passwordReset.findUnique({ where: { tokenHash: hashSecret(body.token) } });
    if (!reset) {
      await limits.garbageRefresh(ctx.ip);
      throw invalidReset();
    }
    if (reset.usedAt || reset.expiresAt <= new Date()) throw invalidReset();
    const person = await db.attendant.findUnique({ where: { id: reset.attendantId } });
    if (!person?.active) throw invalidReset();
    // Judged before the link is spent: a refused password leaves the link good for another try.
    assertPasswordFor(body.password, [person.name, person.email]);
    const passwordHash = await hashPassword(body.password);
    await db.$transaction(async (tx) => {
      // One conditional update: of two concurrent uses, one sets the password.
      const spent = await tx.passwordReset.updateMany({
        where: { id: reset.id, usedAt: null, expiresAt: { gt: new Date() } },
        data: { usedAt: new Date() },
      });
      if (spent.count !== 1) throw invalidReset();
      // A new version revokes every session the person had (and a thief's).
      await tx.attendant.update({
        where: { id: person.id },
        data: { passwordHash, tokenVersion: { increment: 1 } },
      });
      await tx.refreshToken.updateMany({ where: { attendantId: person.id }, data: { revoked: true } });
      await recordAudit(tx, {
        actor: { type: 'attendant', id: person.id },
        action: 'auth.password_reset_used',
        target: { type: 'attendant', id: person.id },
        ip: ctx.ip,
      });
    });
    ctx.status = 204;
  });

  return router;
}
