import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Db } from '../../db/client';

const leaseKey = (channelId: string) => `telegram-poller:${channelId}`;

interface Lease {
  holder: string;
  /** Epoch ms after which another process may take the bot over. */
  until: number;
}

/**
 * Which API process polls a Telegram bot. Telegram allows one getUpdates
 * caller per bot (a second gets 409), and several API processes run behind a
 * load balancer: each bot's lease is a `Setting` row, taken or renewed with a
 * compare-and-swap on its value (an `updateMany` whose `where` holds the
 * value just read), so of two processes only one wins, on SQLite and
 * PostgreSQL alike, without a lock or a table of its own. The holder renews
 * well before `ttlMs` runs out; when it dies, another process takes over once
 * the lease has expired. Times are each process's clock: keep hosts in NTP
 * sync (a skew eats into the lease).
 */
export class PollingLeases {
  /** Names the process, so ops (and tests) can tell which one polls a bot. */
  readonly holder = `${os.hostname()}/${process.pid}/${randomUUID()}`;

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes or renews the bot's lease; false while another live process holds it. */
  async hold(channelId: string): Promise<boolean> {
    const key = leaseKey(channelId);
    const value = JSON.stringify({ holder: this.holder, until: this.now() + this.ttlMs } satisfies Lease);
    const row = await this.db.setting.findUnique({ where: { key } });
    if (!row) {
      try {
        await this.db.setting.create({ data: { key, value } });
        return true;
      } catch (err) {
        if ((err as { code?: unknown }).code === 'P2002') return false; // another process created it first
        throw err;
      }
    }
    const lease = JSON.parse(row.value) as Lease;
    if (lease.holder !== this.holder && lease.until > this.now()) return false;
    const { count } = await this.db.setting.updateMany({ where: { key, value: row.value }, data: { value } });
    return count === 1;
  }

  /** Gives the bot up at once (a clean stop), so the next process need not wait for the lease to expire. */
  async release(channelId: string): Promise<void> {
    const key = leaseKey(channelId);
    const row = await this.db.setting.findUnique({ where: { key } });
    if (row && (JSON.parse(row.value) as Lease).holder === this.holder) {
      await this.db.setting.deleteMany({ where: { key, value: row.value } });
    }
  }
}
