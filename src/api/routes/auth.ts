import Router from '@koa/router';
import { randomBytes } from 'node:crypto';
import { hashSync } from 'bcryptjs';
import { z } from 'zod';
import { AttemptLimits } from '../../auth/attemptLimits';
import { verifyPassword } from '../../auth/passwords';
import { Sessions } from '../../auth/sessions';
import type { ApiDeps } from '../deps';
import { HttpError } from '../../http/httpError';
import { presentAttendant } from '../presenters';
import { parse } from '../../http/validate';
import { recordAudit } from '../../audit/auditLog';
import { twoFactorChallenge } from './sessions';

export const Login = z.object({ email: z.email(), password: z.string().min(1).max(200) });
export const Refresh = z.object({ refreshToken: z.string().min(1) });

// Compared against when the e-mail is unknown, so the answer takes as long as for a wrong password.
const DUMMY_HASH = hashSync(randomBytes(16).toString('hex'), 10);

const badCredentials = () => new HttpError(401, 'invalid_credentials', 'wrong e-mail or password');
const invalidRefresh = () =>
  new HttpError(401, 'invalid_token', 'refresh token is invalid, expired, revoked or already used');

/** `POST /api/v1/auth/login` and `/refresh`: the only unauthenticated /api/v1 routes. */
export function authRoutes({ db, tokens }: ApiDeps): Router {
  const router = new Router({ prefix: '/api/v1/auth' });
  const limits = new AttemptLimits(db);
  const sessions = new Sessions(db, tokens);
  // Tokens must never sit in a cache, shared or the browser's.
  router.use(async (ctx, next) => {
    ctx.set('cache-control', 'no-store');
    await next();
  });

  router.post('/login', async (ctx) => {
    const { email, password } = parse(Login, ctx.request.body);
    const account = email.toLowerCase();
    // Counted before the password is judged, so concurrent guesses cannot pass the limit (see AttemptLimits).
    await limits.beginLogin(account, ctx.ip);
    const attendant = await db.attendant.findUnique({ where: { email: account } });
    // Unknown e-mail, inactive account and wrong password get the same answer, in the same time.
    const passwordOk = await verifyPassword(password, attendant?.passwordHash ?? DUMMY_HASH);
    if (!attendant || !attendant.active || !passwordOk) {
      await limits.loginFailed(account, ctx.ip);
      // The e-mail tried is staff data; the password never is written.
      await recordAudit(db, {
        actor: { type: 'anonymous' },
        action: 'auth.login_failed',
        ...(attendant ? { target: { type: 'attendant', id: attendant.id } } : {}),
        details: { email: account },
        ip: ctx.ip || null,
      });
      throw badCredentials();
    }
    await limits.loginSucceeded(account, ctx.ip);
    // 2FA: the password alone gives a short-lived challenge for POST /auth/login/2fa (routes/sessions.ts),
    // where the session starts and `auth.login` is written.
    if (attendant.totpEnabledAt) {
      ctx.body = twoFactorChallenge(tokens, attendant);
      return;
    }
    ctx.body = { ...(await sessions.start(attendant, ctx.ip || null)), attendant: presentAttendant(attendant) };
  });

  router.post('/refresh', async (ctx) => {
    const { refreshToken } = parse(Refresh, ctx.request.body);
    // Only tokens that are not ours are counted (and held back once too many): a token we signed
    // cannot be forged, so a flood of garbage never stands in the way of a valid one.
    if (!tokens.verify(refreshToken, 'refresh')) {
      await limits.garbageRefresh(ctx.ip);
      throw invalidRefresh();
    }
    const next = await sessions.refresh(refreshToken, ctx.ip || null);
    if (!next) throw invalidRefresh();
    const attendant = await db.attendant.findUniqueOrThrow({ where: { id: next.attendantId } });
    ctx.body = { ...next.pair, attendant: presentAttendant(attendant) };
  });

  return router;
}
