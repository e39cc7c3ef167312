import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { recordAudit } from '../audit/auditLog';
import { REFRESH_TTL_MS, type TokenService, type TokenSubject } from './tokens';

export type TokenPair = { accessToken: string; refreshToken: string };

/**
 * Sign-in sessions: token pairs whose refresh tokens rotate. Each refresh
 * token is a row used once; using it issues the next of its family. A
 * refresh token presented a second time means two holders (one of them
 * stole it), so the whole family is revoked and both must sign in again.
 * Every token also carries the attendant's `tokenVersion`: bumping it
 * (password or role change, deactivation) revokes all of them at once.
 */
export class Sessions {
  constructor(
    private readonly db: Db,
    private readonly tokens: TokenService,
  ) {}

  /** A new family, at login; its `auth.login` entry is written with its first refresh token. */
  start(subject: TokenSubject, ip: string | null = null): Promise<TokenPair> {
    return this.issue(subject, randomUUID(), ip);
  }

  /** The next pair of the token's family, or null (unknown, expired, revoked, reused or outdated). */
  async refresh(
    refreshToken: string,
    ip: string | null = null,
  ): Promise<{ pair: TokenPair; attendantId: string } | null> {
    const claims = this.tokens.verify(refreshToken, 'refresh');
    if (!claims) return null;
    const attendant = await this.db.attendant.findUnique({
      where: { id: claims.sub },
      select: { id: true, role: true, active: true, tokenVersion: true },
    });
    if (!attendant?.active || attendant.tokenVersion !== claims.ver) return null;
    // One conditional update: of two concurrent uses, exactly one wins; the other is a reuse.
    const used = await this.db.refreshToken.updateMany({
      where: { id: claims.jti, family: claims.fam, usedAt: null, revoked: false, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (used.count === 0) {
      await this.db.$transaction(async (tx) => {
        await tx.refreshToken.updateMany({ where: { family: claims.fam }, data: { revoked: true } });
        // Used before (not merely expired or revoked): someone else holds it too, `auth.refresh_reuse`.
        const row = await tx.refreshToken.findUnique({ where: { id: claims.jti }, select: { usedAt: true } });
        if (row?.usedAt) {
          const target = { type: 'attendant', id: attendant.id };
          await recordAudit(tx, { actor: { type: 'anonymous' }, action: 'auth.refresh_reuse', target, ip });
        }
      });
      return null;
    }
    return { pair: await this.issue(attendant, claims.fam), attendantId: attendant.id };
  }

  /**
   * Logout: the refresh token's whole family revoked, so neither it nor any
   * token it led to refreshes again. The attendant's id, or null when the
   * token is not ours.
   */
  async revoke(refreshToken: string): Promise<string | null> {
    const claims = this.tokens.verify(refreshToken, 'refresh');
    if (!claims) return null;
    await this.db.refreshToken.updateMany({ where: { family: claims.fam }, data: { revoked: true } });
    return claims.sub;
  }

  /** `login`: the client's address of a new family, whose `auth.login` entry is written with its first token. */
  private async issue(subject: TokenSubject, family: string, login?: string | null): Promise<TokenPair> {
    const jti = randomUUID();
    const token = {
      data: { id: jti, family, attendantId: subject.id, expiresAt: new Date(Date.now() + REFRESH_TTL_MS) },
    };
    if (login === undefined) await this.db.refreshToken.create(token);
    else
      await this.db.$transaction(async (tx) => {
        await tx.refreshToken.create(token);
        const actor = { type: 'attendant' as const, id: subject.id };
        await recordAudit(tx, {
          actor,
          action: 'auth.login',
          target: { type: 'attendant', id: subject.id },
          ip: login,
        });
      });
    // Rows past their life go, a few at a time, with the sessions that outlived them.
    await this.db.refreshToken.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    return { accessToken: this.tokens.access(subject), refreshToken: this.tokens.refresh(subject, jti, family) };
  }
}
