import Router from '@koa/router';
import { AttemptLimits } from '../../auth/attemptLimits';
import { verifyPassword } from '../../auth/passwords';
import {
  checkSecondFactor,
  enrolment,
  issueRecoveryCodes,
  newTotpSecret,
  openSecret,
  sealSecret,
  totpStep,
} from '../../auth/twoFactor';
import { recordAudit } from '../../audit/auditLog';
import { conflict, HttpError, notFound } from '../../http/httpError';
import { parse } from '../../http/validate';
import { auditActor, requireRole, type AuthState } from '../auth';
import type { ApiDeps } from '../deps';
import { ConfirmTwoFactor, DisableTwoFactor } from './authSchema';

/**
 * A person's own TOTP 2FA (`/api/v1/me/2fa`): setup → confirm with a code
 * (ten recovery codes, shown once), disable with password and a code; and
 * an admin's way out for someone who lost both phone and codes.
 */
export function twoFactorRoutes({ db, channels, requireAdmin2fa }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1' });
  const limits = new AttemptLimits(db);
  router.use(async (ctx, next) => {
    ctx.set('cache-control', 'no-store');
    await next();
  });

  router.get('/me/2fa', async (ctx) => {
    const me = await db.attendant.findUniqueOrThrow({ where: { id: ctx.state.attendant.id } });
    const left = await db.recoveryCode.count({ where: { attendantId: me.id, usedAt: null } });
    ctx.body = {
      enabled: me.totpEnabledAt !== null,
      enabledAt: me.totpEnabledAt?.toISOString() ?? null,
      recoveryCodesLeft: me.totpEnabledAt ? left : 0,
      required: Boolean(requireAdmin2fa) && me.role === 'admin',
    };
  });

  router.post('/me/2fa/setup', async (ctx) => {
    const me = await db.attendant.findUniqueOrThrow({ where: { id: ctx.state.attendant.id } });
    if (me.totpEnabledAt) throw conflict('two_factor_enabled', '2FA is already on; disable it first');
    const secret = newTotpSecret();
    await db.attendant.update({
      where: { id: me.id },
      data: { totpPendingSecret: sealSecret(channels.secrets, secret) },
    });
    ctx.body = { secret, ...(await enrolment(secret, me.email)) };
  });

  router.post('/me/2fa/confirm', async (ctx) => {
    const { code } = parse(ConfirmTwoFactor, ctx.request.body);
    const me = await db.attendant.findUniqueOrThrow({ where: { id: ctx.state.attendant.id } });
    if (me.totpEnabledAt) throw conflict('two_factor_enabled', '2FA is already on');
    if (!me.totpPendingSecret) throw conflict('no_setup', 'start with POST /api/v1/me/2fa/setup');
    await limits.beginSecondFactor(me.id, ctx.ip);
    const step = totpStep(openSecret(channels.secrets, me.totpPendingSecret), code, null);
    if (step === null) {
      await limits.secondFactorFailed(me.id, ctx.ip);
      throw new HttpError(400, 'invalid_code', 'wrong code: check the phone’s clock and try the next one');
    }
    await limits.secondFactorSucceeded(me.id, ctx.ip);
    const codes = await db.$transaction(async (tx) => {
      await tx.attendant.update({
        where: { id: me.id },
        data: {
          totpSecret: me.totpPendingSecret,
          totpPendingSecret: null,
          totpEnabledAt: new Date(),
          totpLastStep: step,
        },
      });
      const issued = await issueRecoveryCodes(tx, me.id);
      await recordAudit(tx, {
        actor: auditActor(ctx.state),
        action: 'auth.2fa_enabled',
        target: { type: 'attendant', id: me.id },
        ip: ctx.ip,
      });
      return issued;
    });
    ctx.body = { enabled: true, recoveryCodes: codes };
  });

  router.post('/me/2fa/disable', async (ctx) => {
    const body = parse(DisableTwoFactor, ctx.request.body);
    const me = await db.attendant.findUniqueOrThrow({ where: { id: ctx.state.attendant.id } });
    if (!me.totpEnabledAt) throw conflict('two_factor_disabled', '2FA is not on');
    await limits.beginSecondFactor(me.id, ctx.ip);
    const ok =
      (await verifyPassword(body.password, me.passwordHash)) &&
      (await checkSecondFactor(db, channels.secrets, me, body)) !== null;
    if (!ok) {
      await limits.secondFactorFailed(me.id, ctx.ip);
      throw new HttpError(401, 'invalid_credentials', 'wrong password or code');
    }
    await limits.secondFactorSucceeded(me.id, ctx.ip);
    await turnOff(me.id, ctx.state, ctx.ip, 'self');
    ctx.status = 204;
  });

  // An admin turns someone's 2FA off (phone and recovery codes lost); they enrol again after signing in.
  router.delete('/attendants/:id/2fa', requireRole('admin'), async (ctx) => {
    const person = await db.attendant.findUnique({ where: { id: ctx.params.id! } });
    if (!person) throw notFound('attendant');
    if (!person.totpEnabledAt) throw conflict('two_factor_disabled', '2FA is not on');
    await turnOff(person.id, ctx.state, ctx.ip, 'admin');
    ctx.status = 204;
  });

  async function turnOff(attendantId: string, state: AuthState, ip: string, by: 'self' | 'admin') {
    await db.$transaction(async (tx) => {
      await tx.attendant.update({
        where: { id: attendantId },
        data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null },
      });
      await tx.recoveryCode.deleteMany({ where: { attendantId } });
      await recordAudit(tx, {
        actor: auditActor(state),
        action: 'auth.2fa_disabled',
        target: { type: 'attendant', id: attendantId },
        details: { by },
        ip,
      });
    });
  }

  return router;
}
