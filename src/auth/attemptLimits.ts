import { RateLimiterPrisma, type RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from '../http/httpError';
import type { Db } from '../db/client';

/**
 * Failed-attempt limits on login and refresh (rate-limiter-flexible, its
 * Prisma store, so every API process counts the same attempts). Only
 * failures count; a success clears its account's count. Once a counter is
 * full, every attempt (the right password too) is a 429 with Retry-After
 * until its window ends, so guessing gains nothing from going on.
 */
export const ATTEMPT_LIMITS = {
  /** Wrong passwords for one account, from anywhere. */
  account: { points: 10, duration: 15 * 60 },
  /** Failed logins from one address, whatever the account (one address trying many accounts). */
  address: { points: 100, duration: 60 * 60 },
  /** Refresh tokens refused, from one address. */
  refresh: { points: 30, duration: 15 * 60 },
};

type Limit = keyof typeof ATTEMPT_LIMITS;

const PRUNE_EVERY_MS = 5 * 60_000;

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
    this.limiters = { account: limiter('account'), address: limiter('address'), refresh: limiter('refresh') };
  }

  /** 429 when any of these counters is full. */
  async assertAllowed(keys: Partial<Record<Limit, string>>): Promise<void> {
    for (const [name, key] of Object.entries(keys) as Array<[Limit, string]>) {
      const res = await this.limiters[name].get(key);
      if (res && res.consumedPoints >= ATTEMPT_LIMITS[name].points) {
        const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        throw new HttpError(429, 'too_many_attempts', `too many failed attempts; retry in ${seconds} s`, undefined, {
          'retry-after': String(seconds),
        });
      }
    }
  }

  /** Counts a failure against each counter. */
  async failed(keys: Partial<Record<Limit, string>>): Promise<void> {
    await this.prune();
    for (const [name, key] of Object.entries(keys) as Array<[Limit, string]>) {
      // consume() rejects once the counter is over its points: the failure is counted either way.
      await this.limiters[name].consume(key).catch((res: RateLimiterRes | Error) => {
        if (res instanceof Error) throw res;
      });
    }
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

  /** A success clears the account's failures. */
  async succeeded(account: string): Promise<void> {
    await this.limiters.account.delete(account);
  }
}
