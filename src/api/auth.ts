import type { Next, ParameterizedContext } from 'koa';
import type { Role } from '../../workflows/types';
import type { TokenService } from '../auth/tokens';
import type { Db } from '../db/client';
import { HttpError } from '../http/httpError';

export interface AuthState {
  attendant: { id: string; role: Role; department: string | null };
  /**
   * The access token the request came with: the attendant's token version it
   * was issued at and when it expires (ms since the epoch; null if it never
   * does). What outlives the request, the live events stream, checks both.
   */
  token: { version: number; expiresAt: number | null };
}
export type AuthedContext = ParameterizedContext<AuthState>;

/**
 * Bearer JWT guard for /api/v1: 401 without a valid access token. The role
 * comes from the database, so deactivating or demoting someone takes effect
 * at once rather than when their token expires.
 */
export const EVENTS_PATH = '/api/v1/events';

export function requireAuth(tokens: TokenService, db: Db) {
  return async (ctx: AuthedContext, next: Next): Promise<void> => {
    const header = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
    // A browser's EventSource cannot set headers: the live events stream alone takes the token in the query.
    const query =
      ctx.path === EVENTS_PATH && typeof ctx.query.access_token === 'string' ? ctx.query.access_token : undefined;
    const token = header ?? query;
    const claims = token ? tokens.verify(token, 'access') : null;
    const attendant = claims
      ? await db.attendant.findUnique({
          where: { id: claims.sub },
          select: { id: true, role: true, active: true, tokenVersion: true, department: true },
        })
      : null;
    // A token issued before a password or role change or a deactivation carries an older version.
    if (!attendant || !attendant.active || attendant.tokenVersion !== claims!.ver)
      throw new HttpError(401, 'unauthorized', 'a valid bearer access token is required');
    ctx.state.attendant = { id: attendant.id, role: attendant.role as Role, department: attendant.department };
    ctx.state.token = { version: claims!.ver, expiresAt: typeof claims!.exp === 'number' ? claims!.exp * 1000 : null };
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
