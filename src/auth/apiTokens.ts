import { createHash, randomBytes } from 'node:crypto';
import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db/client';
import { HttpError } from '../http/httpError';
import { scopeFor, type ApiTokenScope } from './apiScopes';

export { API_TOKEN_SCOPES, scopeFor, type ApiTokenScope } from './apiScopes';

export const API_TOKEN_PREFIX = 'atd_';

/** API_TOKEN_RATE_LIMIT's default: requests per token per window. */
export const DEFAULT_API_TOKEN_RATE_LIMIT = { points: 600, duration: 60 };
export type ApiTokenRateLimit = typeof DEFAULT_API_TOKEN_RATE_LIMIT;

const WINDOWS: Record<string, number> = { second: 1, minute: 60, hour: 3600 };

/** "600/minute" (or second, hour) → points per duration in seconds; or why it is wrong. */
export function parseRateLimit(text: string): ApiTokenRateLimit | string {
  const match = /^\s*(\d{1,9})\s*\/\s*(second|minute|hour)\s*$/.exec(text);
  if (!match || Number(match[1]) < 1) return 'must be "<requests>/<second|minute|hour>", e.g. "600/minute"';
  return { points: Number(match[1]), duration: WINDOWS[match[2]!]! };
}

/**
 * A new token: `atd_` and 32 random bytes (base64url). It is stored as its
 * SHA-256 alone. A slow hash (bcrypt) protects what people choose, which can
 * be guessed; 256 random bits cannot, so one fast hash is as safe and lets the
 * row be found by an index on every request.
 */
export function newApiToken(): { token: string; hash: string; prefix: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashSecret(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6) };
}

/** SHA-256, hex: how high-entropy secrets (API tokens, reset links, recovery codes) are stored. */
export const hashSecret = (value: string): string => createHash('sha256').update(value).digest('hex');

/** The token a request came with, once its row, owner, scope and rate are checked. */
export interface ApiTokenPrincipal {
  id: string;
  scopes: ApiTokenScope[];
  expiresAt: Date | null;
  creator: { id: string; department: string | null; tokenVersion: number };
}

const LAST_USED_EVERY_MS = 60_000;

const unauthorized = () => new HttpError(401, 'unauthorized', 'the API token is unknown, revoked or expired');

/**
 * API tokens on /api/v1 (see docs/decisions/0013-api-tokens.md): found by
 * their hash; refused (401) when revoked, expired or when the admin who
 * issued them is no longer an active admin; 403 outside their scopes; 429
 * past their rate (rate-limiter-flexible's Prisma store, so every API
 * process counts the same requests).
 */
export class ApiTokenGuard {
  private readonly limiter: RateLimiterPrisma;

  constructor(
    private readonly db: Db,
    limit: ApiTokenRateLimit = DEFAULT_API_TOKEN_RATE_LIMIT,
  ) {
    this.limiter = new RateLimiterPrisma({
      storeClient: db,
      tableName: 'rateLimiterFlexible',
      keyPrefix: 'apiToken',
      clearExpiredByTimeout: false,
      ...limit,
    });
  }

  async authenticate(token: string, method: string, path: string): Promise<ApiTokenPrincipal> {
    const row = await this.db.apiToken.findUnique({ where: { tokenHash: hashSecret(token) } });
    const now = new Date();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) throw unauthorized();
    const creator = await this.db.attendant.findUnique({
      where: { id: row.createdBy },
      select: { id: true, role: true, active: true, department: true, tokenVersion: true },
    });
    if (!creator?.active || creator.role !== 'admin') throw unauthorized();
    try {
      await this.limiter.consume(row.id);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw new HttpError(429, 'rate_limited', `too many requests for this token; retry in ${seconds} s`, undefined, {
        'retry-after': String(seconds),
      });
    }
    const scopes = JSON.parse(row.scopes) as ApiTokenScope[];
    const needed = scopeFor(method, path);
    if (needed === 'personal')
      throw new HttpError(403, 'forbidden', "this route is a person's own and takes no API token");
    if (!scopes.includes(needed)) throw new HttpError(403, 'insufficient_scope', `requires the scope ${needed}`);
    // Last use, to the minute: at most one write a minute per token.
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
      await this.db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
    }
    return { id: row.id, scopes, expiresAt: row.expiresAt, creator };
  }
}
