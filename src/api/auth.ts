import type { Next, ParameterizedContext } from 'koa';
import type { Role } from '../../workflows/types';
import type { TokenService } from '../auth/tokens';
import type { Db } from '../db/client';
import { HttpError } from './errors';

export interface AuthState {
  attendant: { id: string; role: Role };
}
export type AuthedContext = ParameterizedContext<AuthState>;

/**
 * Bearer JWT guard for /api/v1: 401 without a valid access token. The role
 * comes from the database, so deactivating or demoting someone takes effect
 * at once rather than when their token expires.
 */
export function requireAuth(tokens: TokenService, db: Db) {
  return async (ctx: AuthedContext, next: Next): Promise<void> => {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const claims = match ? tokens.verify(match[1]!, 'access') : null;
    const attendant = claims
      ? await db.attendant.findUnique({ where: { id: claims.sub }, select: { id: true, role: true, active: true } })
      : null;
    if (!attendant || !attendant.active)
      throw new HttpError(401, 'unauthorized', 'a valid bearer access token is required');
    ctx.state.attendant = { id: attendant.id, role: attendant.role as Role };
    await next();
  };
}

/** 403 unless the caller has one of `roles`. */
export function requireRole(...roles: Role[]) {
  return async (ctx: AuthedContext, next: Next): Promise<void> => {
    if (!roles.includes(ctx.state.attendant.role)) {
      throw new HttpError(403, 'forbidden', `requires role ${roles.join(' or ')}`);
    }
    await next();
  };
}
