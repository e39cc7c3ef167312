import jwt from 'jsonwebtoken';
import type { Role } from '../../workflows/types';

const ACCESS_TTL = '15m';
const REFRESH_TTL = '7d';

export interface AccessClaims {
  sub: string;
  role: Role;
  typ: 'access';
}

/** HS256 access (short) and refresh (long) tokens; `typ` keeps one from passing as the other. */
export class TokenService {
  constructor(private readonly secret: string) {}

  issue(attendant: { id: string; role: string }): { accessToken: string; refreshToken: string } {
    return {
      accessToken: jwt.sign({ role: attendant.role, typ: 'access' }, this.secret, {
        subject: attendant.id,
        expiresIn: ACCESS_TTL,
        algorithm: 'HS256',
      }),
      refreshToken: jwt.sign({ typ: 'refresh' }, this.secret, {
        subject: attendant.id,
        expiresIn: REFRESH_TTL,
        algorithm: 'HS256',
      }),
    };
  }

  /** The claims of a valid token of the given type, or null. */
  verify(token: string, typ: 'access'): AccessClaims | null;
  verify(token: string, typ: 'refresh'): { sub: string } | null;
  verify(token: string, typ: 'access' | 'refresh'): AccessClaims | { sub: string } | null {
    try {
      const claims = jwt.verify(token, this.secret, { algorithms: ['HS256'] });
      if (typeof claims === 'string' || claims.typ !== typ || typeof claims.sub !== 'string') return null;
      return claims as AccessClaims;
    } catch {
      return null;
    }
  }
}
