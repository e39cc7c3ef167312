import jwt from 'jsonwebtoken';
import type { Role } from '../../workflows/types';

/** How long an access token lasts, in seconds (docs/api.md: 15 minutes). */
export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** How long the second step of a 2FA login may wait after the password, in seconds. */
export const CHALLENGE_TTL_SECONDS = 5 * 60;

/** Who a token is for; `tokenVersion` is the attendant's at issue time (a bump revokes the token). */
export interface TokenSubject {
  id: string;
  role: string;
  tokenVersion: number;
}

export interface AccessClaims {
  sub: string;
  role: Role;
  typ: 'access';
  ver: number;
  /** When it expires, in seconds since the epoch (every token `access` issues has one). */
  exp?: number;
}

/** A password that was right, for a person with 2FA: good only for the second step of that login. */
export interface ChallengeClaims {
  sub: string;
  ver: number;
}

export interface RefreshClaims {
  sub: string;
  ver: number;
  jti: string;
  fam: string;
}

/** HS256 access (short) and refresh (long) tokens; `typ` keeps one from passing as the other. */
export class TokenService {
  constructor(private readonly secret: string) {}

  /** An access token for `ttlSeconds` (default ACCESS_TTL_SECONDS; tests ask for shorter ones). */
  access(subject: TokenSubject, ttlSeconds = ACCESS_TTL_SECONDS): string {
    return jwt.sign({ role: subject.role, typ: 'access', ver: subject.tokenVersion }, this.secret, {
      subject: subject.id,
      expiresIn: ttlSeconds,
      algorithm: 'HS256',
    });
  }

  /** A refresh token naming its row (`jti`) and its family (`fam`): see src/auth/sessions.ts. */
  refresh(subject: TokenSubject, jti: string, family: string): string {
    return jwt.sign({ typ: 'refresh', ver: subject.tokenVersion, fam: family }, this.secret, {
      subject: subject.id,
      jwtid: jti,
      expiresIn: Math.floor(REFRESH_TTL_MS / 1000),
      algorithm: 'HS256',
    });
  }

  /** The 2FA challenge of a login whose password was right (`typ` 2fa: never an access token). */
  challenge(subject: TokenSubject): string {
    return jwt.sign({ typ: '2fa', ver: subject.tokenVersion }, this.secret, {
      subject: subject.id,
      expiresIn: CHALLENGE_TTL_SECONDS,
      algorithm: 'HS256',
    });
  }

  /** The claims of a valid token of the given type, or null. Tokens from before versions count as version 0. */
  verify(token: string, typ: 'access'): AccessClaims | null;
  verify(token: string, typ: 'refresh'): RefreshClaims | null;
  verify(token: string, typ: '2fa'): ChallengeClaims | null;
  verify(token: string, typ: 'access' | 'refresh' | '2fa'): AccessClaims | RefreshClaims | ChallengeClaims | null {
    try {
      const claims = jwt.verify(token, this.secret, { algorithms: ['HS256'] });
      if (typeof claims === 'string' || claims.typ !== typ || typeof claims.sub !== 'string') return null;
      const ver = typeof claims.ver === 'number' ? claims.ver : 0;
      if (typ === 'refresh' && (typeof claims.jti !== 'string' || typeof claims.fam !== 'string')) return null;
      return { ...claims, ver } as AccessClaims | RefreshClaims | ChallengeClaims;
    } catch {
      return null;
    }
  }
}
