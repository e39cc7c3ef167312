import { PollingLeases } from '../../src/channels/telegram/pollingLease';
import type { Db } from '../../src/db/client';
import { createTestDatabase } from '../helpers/database';

// The lease that makes one API process poll each Telegram bot, on a real
// SQLite file; the clock is the one thing a test may move.
let db: Db;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ db, cleanup } = await createTestDatabase()));
afterAll(() => cleanup());

test('one holder at a time; another takes over only once the lease has expired', async () => {
  let now = 1_000_000;
  const clock = () => now;
  const a = new PollingLeases(db, 8_000, clock);
  const b = new PollingLeases(db, 8_000, clock);
  expect(await a.hold('bot-1')).toBe(true);
  expect(await b.hold('bot-1')).toBe(false);
  now += 5_000;
  expect(await a.hold('bot-1')).toBe(true); // renewed: 8 s from now
  now += 5_000;
  expect(await b.hold('bot-1')).toBe(false); // still A's
  now += 4_000; // A stopped renewing (it died) and its lease ran out
  expect(await b.hold('bot-1')).toBe(true);
  expect(await a.hold('bot-1')).toBe(false); // A, back, does not take it back
  expect(await a.hold('bot-2')).toBe(true); // leases are per bot
});

test('a clean stop hands the bot over at once, and only its own lease', async () => {
  const a = new PollingLeases(db, 8_000);
  const b = new PollingLeases(db, 8_000);
  expect(await a.hold('bot-3')).toBe(true);
  await b.release('bot-3'); // not B's to give
  expect(await b.hold('bot-3')).toBe(false);
  await a.release('bot-3');
  expect(await b.hold('bot-3')).toBe(true);
});

test('of many processes asking at once, exactly one gets a free or an expired lease', async () => {
  const contenders = Array.from({ length: 12 }, () => new PollingLeases(db, 8_000));
  expect((await Promise.all(contenders.map((c) => c.hold('bot-4')))).filter(Boolean)).toHaveLength(1);

  const expired = () => Date.now() + 60_000; // the holder's lease ran out long ago
  const later = Array.from({ length: 12 }, () => new PollingLeases(db, 8_000, expired));
  expect((await Promise.all(later.map((c) => c.hold('bot-4')))).filter(Boolean)).toHaveLength(1);
});

test('the holder names its process', async () => {
  const a = new PollingLeases(db, 8_000);
  await a.hold('bot-5');
  const row = await db.setting.findUnique({ where: { key: 'telegram-poller:bot-5' } });
  expect(JSON.parse(row!.value).holder).toBe(a.holder);
  expect(a.holder.split('/')[1]).toBe(String(process.pid));
});
