import Router from '@koa/router';
import { randomBytes } from 'node:crypto';
import { hashSync } from 'bcryptjs';
import { z } from 'zod';
import { verifyPassword } from '../../auth/passwords';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { presentAttendant } from '../presenters';
import { parse } from '../validate';

export const Login = z.object({ email: z.email(), password: z.string().min(1).max(200) });
export const Refresh = z.object({ refreshToken: z.string().min(1) });

// Compared against when the e-mail is unknown, so the answer takes as long as for a wrong password.
const DUMMY_HASH = hashSync(randomBytes(16).toString('hex'), 10);

const badCredentials = () => new HttpError(401, 'invalid_credentials', 'wrong e-mail or password');

/** `POST /api/v1/auth/login` and `/refresh`: the only unauthenticated /api/v1 routes. */
export function authRoutes({ db, tokens }: ApiDeps): Router {
  const router = new Router({ prefix: '/api/v1/auth' });
  // Tokens must never sit in a cache, shared or the browser's.
  router.use(async (ctx, next) => {
    ctx.set('cache-control', 'no-store');
    await next();
  });

  router.post('/login', async (ctx) => {
    const { email, password } = parse(Login, ctx.request.body);
    const attendant = await db.attendant.findUnique({ where: { email: email.toLowerCase() } });
    // Unknown e-mail, inactive account and wrong password get the same answer, in the same time.
    const passwordOk = await verifyPassword(password, attendant?.passwordHash ?? DUMMY_HASH);
    if (!attendant || !attendant.active || !passwordOk) throw badCredentials();
    ctx.body = { ...tokens.issue(attendant), attendant: presentAttendant(attendant) };
  });

  router.post('/refresh', async (ctx) => {
    const { refreshToken } = parse(Refresh, ctx.request.body);
    const claims = tokens.verify(refreshToken, 'refresh');
    const attendant = claims ? await db.attendant.findUnique({ where: { id: claims.sub } }) : null;
    if (!attendant || !attendant.active)
      throw new HttpError(401, 'invalid_token', 'refresh token is invalid or expired');
    ctx.body = { ...tokens.issue(attendant), attendant: presentAttendant(attendant) };
  });

  return router;
}
