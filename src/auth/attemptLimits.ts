import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from '../http/httpError';
import type { Db } from '../db/client';
import { addressKey } from '../http/clientAddress';

/**
 * Failed-attempt limits on login and refresh (rate-limiter-flexible, its
 * Prisma store, so every API process counts the same attempts), after
 * OWASP's advice: a stranger must not be able to lock the owner out, so
 * nothing counts per account alone.
 *
 * - **pair** (account + address): a login attempt takes a point before its
 *   password is judged (one atomic increment, so concurrent attempts cannot
 *   slip past the count); past the limit it is a 429 with a short Retry-After,
 *   without judging. Only that address is slowed down for that account: the
 *   owner signs in from any other address.
 * - **address**: failed logins from one address, whatever the account (one
 *   address trying many accounts). Once it is full, an account that has
 *   failed from this address in the window (`pairHour`) is a 429 from it;
 *   an account that has not is still judged, so colleagues behind the same
 *   NAT or proxy keep signing in, and a sprayer gets one try per account
 *   per window.
 * - **pairHour**: failures of one account from one address in the hour,
 *   the memory the address rule reads.
 * - **garbage**: refresh tokens that do not verify as ours (bad signature,
 *   malformed, expired, an access token), from one address. Past the limit they are 429;
 *   a token we signed is never held back by them.
 *
 * A successful login clears its pair (both counters) and gives back its
 * address point.
 */
export const ATTEMPT_LIMITS = {
  pair: { points: 5, duration: 60 },
  address: { points: 100, duration: 60 * 60 },
  pairHour: { points: 1_000_000, duration: 60 * 60 },
  garbage: { points: 30, duration: 15 * 60 },
  /**
   * Wrong 2FA codes of one account, from anywhere: whoever is at the second
   * step already has the password, so the code must not be guessable from
   * many addresses (10 in 15 minutes against 10^6 codes).
   */
  secondFactor: { points: 10, duration: 15 * 60 },
};

type Limit = keyof typeof ATTEMPT_LIMITS;

const PRUNE_EVERY_MS = 5 * 60_000;

const tooMany = (res: RateLimiterRes) => {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new HttpError(429, 'too_many_attempts', `too many failed attempts; retry in ${seconds} s`, undefined, {
    'retry-after': String(seconds),
  });
};

export class AttemptLimits {
  private readonly limiters: Record<Limit, RateLimiterPrisma>;
  private lastPrune = 0;

  constructor(private readonly db: Db) {
    const limiter = (name: Limit) =>
      new RateLimiterPrisma({
        storeClient: db,
        // The client's accessor of the RateLimiterFlexible model.
        tableName: 'rateLimiterFlexible',
        keyPrefix: name,
        // Its own cleanup is a 5-minute timer nobody can stop; prune() below runs on failures instead.
        clearExpiredByTimeout: false,
        ...ATTEMPT_LIMITS[name],
      });
    this.limiters = {
      pair: limiter('pair'),
      address: limiter('address'),
      pairHour: limiter('pairHour'),
      garbage: limiter('garbage'),
      secondFactor: limiter('secondFactor'),
    };
  }

  /**
   * Before a password is judged: takes a point of the pair and of the
   * address, or throws the 429 (giving the points back: a refused attempt
   * is not judged, so it is no failure).
   */
  async beginLogin(account: string, address: string): Promise<void> {
    const keys = loginKeys(account, address);
    const pair = await this.take('pair', keys.pair);
    if (pair) {
      await this.giveBack('pair', keys.pair);
      throw tooMany(pair);
    }
    const full = await this.take('address', keys.address);
    if (full && ((await this.limiters.pairHour.get(keys.pair))?.consumedPoints ?? 0) > 0) {
      await Promise.all([this.giveBack('pair', keys.pair), this.giveBack('address', keys.address)]);
      throw tooMany(full);
    }
  }

  /** A judged attempt failed: its points stay taken, and the pair's hour remembers it. */
  async loginFailed(account: string, address: string): Promise<void> {
    await this.prune();
    await this.take('pairHour', loginKeys(account, address).pair);
  }

  /** A judged attempt succeeded: the pair starts afresh, the address gets its point back. */
  async loginSucceeded(account: string, address: string): Promise<void> {
    const keys = loginKeys(account, address);
    await Promise.all([
      this.limiters.pair.delete(keys.pair),
      this.limiters.pairHour.delete(keys.pair),
      this.giveBack('address', keys.address),
    ]);
  }

  /**
   * Before a 2FA code is judged: the login rules for the account's second
   * step (`2fa:` + its id), and 429 once the account has failed
   * `secondFactor` times in its window, from wherever.
   */
  async beginSecondFactor(attendantId: string, address: string): Promise<void> {
    const failed = await this.limiters.secondFactor.get(attendantId);
    if (failed && failed.consumedPoints >= ATTEMPT_LIMITS.secondFactor.points) throw tooMany(failed);
    await this.beginLogin(`2fa:${attendantId}`, address);
  }

  async secondFactorFailed(attendantId: string, address: string): Promise<void> {
    await this.loginFailed(`2fa:${attendantId}`, address);
    await this.take('secondFactor', attendantId);
  }

  async secondFactorSucceeded(attendantId: string, address: string): Promise<void> {
    await Promise.all([
      this.loginSucceeded(`2fa:${attendantId}`, address),
      this.limiters.secondFactor.delete(attendantId),
    ]);
  }

  /** A refresh token that is not our JWT: counted; throws the 429 once the address has sent too many. */
  async garbageRefresh(address: string): Promise<void> {
    await this.prune();
    const full = await this.take('garbage', addressKey(address));
    if (full) throw tooMany(full);
  }

  /** One atomic increment; the counter's state when that took it over its points, else null. */
  private async take(name: Limit, key: string): Promise<RateLimiterRes | null> {
    try {
      await this.limiters[name].consume(key);
      return null;
    } catch (res) {
      if (res instanceof RateLimiterRes) return res;
      throw res;
    }
  }

  /**
   * One point back to a live counter, atomically. (The limiter's reward()
   * would start a new window at -1 if the counter had just expired.)
   */
  private async giveBack(name: Limit, key: string): Promise<void> {
    await this.db.rateLimiterFlexible.updateMany({
      where: { key: this.limiters[name].getKey(key), expire: { gt: new Date() } },
      data: { points: { decrement: 1 } },
    });
  }

  /**
   * Deletes counters whose window ended over an hour ago, at most every
   * 5 minutes and only on the failure path: keys never seen again (a
   * scanner's addresses) would otherwise stay in the table forever.
   */
  private async prune(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.db.rateLimiterFlexible.deleteMany({ where: { expire: { lt: new Date(now - 3_600_000) } } });
  }
}

function loginKeys(account: string, address: string): { pair: string; address: string } {
  const where = addressKey(address);
  return { pair: `${account.toLowerCase()}|${where}`, address: where };
}
