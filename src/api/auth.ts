import type { Next, ParameterizedContext } from 'koa';
import type { Role } from '../../workflows/types';
import { API_TOKEN_PREFIX, type ApiTokenGuard, type ApiTokenScope } from '../auth/apiTokens';
import type { TokenService } from '../auth/tokens';
import type { AuditActor } from '../audit/auditLog';
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
  /**
   * Set when the request came with an integration's API token (`atd_…`):
   * `attendant` is then the admin who issued it, acting within these scopes
   * (docs/decisions/0013-api-tokens.md).
   */
  apiToken?: { id: string; scopes: ApiTokenScope[] };
}

/** Who the audit log names for this request: the API token when there is one, else the person. */
export function auditActor(state: AuthState): AuditActor {
  return state.apiToken ? { type: 'token', id: state.apiToken.id } : { type: 'attendant', id: state.attendant.id };
}

/** Where an admin who must enrol in 2FA (REQUIRE_ADMIN_2FA) may go before they have. */
const ENROLMENT_PATH = /^\/api\/v1\/me\/2fa(\/|$)/;

export interface RequireAuthOptions {
  /** Accepts API tokens (else an `atd_` bearer is a 401 like any unknown token). */
  apiTokens?: ApiTokenGuard;
  /** REQUIRE_ADMIN_2FA: an admin without 2FA reaches only the enrolment routes (403 `two_factor_required`). */
  requireAdmin2fa?: boolean;
}
export type AuthedContext = ParameterizedContext<AuthState>;

/**
 * Bearer JWT guard for /api/v1: 401 without a valid access token. The role
 * comes from the database, so deactivating or demoting someone takes effect
 * at once rather than when their token expires.
 */
export const EVENTS_PATH = '/api/v1/events';

export function requireAuth(tokens: TokenService, db: Db, options: RequireAuthOptions = {}) {
  return async (ctx: AuthedContext, next: Next): Promise<void> => {
    const header = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
    if (header?.startsWith(API_TOKEN_PREFIX) && options.apiTokens) {
      const token = await options.apiTokens.authenticate(header, ctx.method, ctx.path);
      ctx.state.attendant = { id: token.creator.id, role: 'admin', department: token.creator.department };
      ctx.state.token = { version: token.creator.tokenVersion, expiresAt: token.expiresAt?.getTime() ?? null };
      ctx.state.apiToken = { id: token.id, scopes: token.scopes };
      await next();
      return;
    }
    // A browser's EventSource cannot set headers: the live events stream alone takes the token in the query.
    const query =
      ctx.path === EVENTS_PATH && typeof ctx.query.access_token === 'string' ? ctx.query.access_token : undefined;
    const token = header ?? query;
    const claims = token ? tokens.verify(token, 'access') : null;
    const attendant = claims
      ? await db.attendant.findUnique({
          where: { id: claims.sub },
          select: { id: true, role: true, active: true, tokenVersion: true, department: true, totpEnabledAt: true },
        })
      : null;
    // A token issued before a password or role change or a deactivation carries an older version.
    if (!attendant || !attendant.active || attendant.tokenVersion !== claims!.ver)
      throw new HttpError(401, 'unauthorized', 'a valid bearer access token is required');
    if (
      options.requireAdmin2fa &&
      attendant.role === 'admin' &&
      !attendant.totpEnabledAt &&
      !ENROLMENT_PATH.test(ctx.path)
    )
      throw new HttpError(
        403,
        'two_factor_required',
        'admins must set up two-factor authentication first (/api/v1/me/2fa)',
      );
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
