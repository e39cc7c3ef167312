import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createWebhookActivities } from '../../activities/webhooks';
import { CallbackTargets } from '../../src/channels/api/callbackTarget';
import { verifySignature } from '../../src/channels/signature';
import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { chatEvent } from '../../src/events/chatEvents';
import { pruneSettledDeliveries } from '../../src/webhooks/pruneDeliveries';
import { WebhookSender } from '../../src/webhooks/sender';
import { TEST_SECRETS } from '../helpers/channelServices';
import { createTestDatabase } from '../helpers/database';
import { startPostgres } from '../helpers/postgres';

// The two activities of an event-webhook subscription on both databases (migration 0020), run in
// the SDK's activity context against a real HTTP receiver on loopback: the intake copies only the
// subscription's types, after its start, once; the delivery sends them in order, signed, records a
// refused attempt and waits, and marks a delivery failed once its window has passed.

const SECRET = 'pg-webhook-secret-01';

async function receiver(respond: () => number) {
  const got: Array<{ raw: string; signature: string }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const status = respond();
      if (status === 200) got.push({ raw, signature: req.headers['x-atende-signature'] as string });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    got,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function exercise(db: Db) {
  let status = 503;
  const r = await receiver(() => status);
  try {
    await db.chatEvent.create({ data: chatEvent('chat.created', 'before') }); // before the subscription: never sent
    const hook = await db.webhook.create({
      data: {
        url: r.url,
        events: JSON.stringify(['chat.created', 'csat.received']),
        secret: TEST_SECRETS.seal({ secret: SECRET }).secret!,
        cursor: 1,
        startEventId: 1,
      },
    });
    const a = createWebhookActivities({
      db,
      secrets: TEST_SECRETS,
      webhooks: {
        sender: new WebhookSender(new CallbackTargets(true)),
        retryWindowMs: 60_000,
        initialBackoffMs: 50,
        pollMs: 20,
      },
    });
    const run = <R>(fn: () => Promise<R>): Promise<R> => new MockActivityEnvironment().run(fn) as Promise<R>;
    for (const [type, chatId] of [
      ['chat.created', 'c1'],
      ['note.created', 'c1'],
      ['csat.received', 'c1'],
      ['chat.created', 'c2'],
    ] as const)
      await db.chatEvent.create({ data: chatEvent(type, chatId, type === 'csat.received' ? { rating: 5 } : {}) });

    expect(await run(() => a.takeWebhookEvents({ webhookId: hook.id, waitMs: 0 }))).toEqual({
      state: 'active',
      taken: 3,
    });
    // Again: nothing twice; a wait ends empty when no event comes.
    expect(await run(() => a.takeWebhookEvents({ webhookId: hook.id, waitMs: 100 }))).toEqual({
      state: 'active',
      taken: 0,
    });
    const rows = await db.webhookDelivery.findMany({ where: { webhookId: hook.id }, orderBy: { id: 'asc' } });
    expect(rows.map((d) => [d.eventType, JSON.parse(d.payload).data.chatId])).toEqual([
      ['chat.created', 'c1'],
      ['csat.received', 'c1'],
      ['chat.created', 'c2'],
    ]);

    // Refused: the attempt is recorded and the next try waits.
    const waiting = await run(() => a.deliverWebhookEvents({ webhookId: hook.id }));
    expect(waiting.state).toBe('waiting');
    const first = await db.webhookDelivery.findUniqueOrThrow({ where: { id: rows[0]!.id } });
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 503, lastError: 'answered 503' });

    status = 200;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await run(() => a.deliverWebhookEvents({ webhookId: hook.id }))).toEqual({ state: 'idle' });
    expect(r.got.map((g) => JSON.parse(g.raw).id)).toEqual(rows.map((d) => d.eventId));
    for (const g of r.got) expect(verifySignature(SECRET, g.raw, g.signature)).toBe(true);
    expect(
      (await db.webhookDelivery.findMany({ where: { webhookId: hook.id }, orderBy: { id: 'asc' } })).map((d) => [
        d.status,
        d.attempts,
      ]),
    ).toEqual([
      ['delivered', 2],
      ['delivered', 1],
      ['delivered', 1],
    ]);

    // Past its window: one more refusal marks it failed, and the next one goes.
    status = 500;
    const late = await db.chatEvent.create({ data: chatEvent('chat.created', 'c3') });
    await run(() => a.takeWebhookEvents({ webhookId: hook.id, waitMs: 0 }));
    await db.webhookDelivery.updateMany({ where: { eventId: late.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await run(() => a.deliverWebhookEvents({ webhookId: hook.id }))).toEqual({ state: 'idle' });
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { eventId: late.id } })).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatusCode: 500,
    });

    // Paused or gone: the halves say so, and the workflow ends.
    await db.webhook.update({ where: { id: hook.id }, data: { active: false } });
    expect(await run(() => a.deliverWebhookEvents({ webhookId: hook.id }))).toEqual({ state: 'inactive' });
    await db.webhook.delete({ where: { id: hook.id } });
    expect(await run(() => a.takeWebhookEvents({ webhookId: hook.id, waitMs: 0 }))).toEqual({
      state: 'gone',
      taken: 0,
    });
    expect(await db.webhookDelivery.count()).toBe(0);
  } finally {
    await r.close();
  }
}

test('SQLite: intake and delivery', async () => {
  const { db, cleanup } = await createTestDatabase();
  try {
    await exercise(db);
  } finally {
    await cleanup();
  }
});

test('PostgreSQL: intake and delivery', async () => {
  const postgres = await startPostgres();
  await migrateDatabase(postgres.url);
  const db = createDb(postgres.url);
  try {
    await exercise(db);
  } finally {
    await db.$disconnect();
    await postgres.stop();
  }
}, 180_000);

test('SQLite: an idle subscription removes its settled deliveries past WEBHOOK_DELIVERY_RETENTION, hourly', async () => {
  const { db, cleanup } = await createTestDatabase();
  try {
    const DAY = 24 * 60 * 60 * 1000;
    const hook = await db.webhook.create({
      data: {
        url: 'http://127.0.0.1:9/hook',
        events: JSON.stringify(['*']),
        secret: TEST_SECRETS.seal({ secret: SECRET }).secret!,
        cursor: 1000,
        startEventId: 0,
      },
    });
    const delivery = (eventId: number, status: string, daysAgo: number) => ({
      webhookId: hook.id,
      eventId,
      eventType: 'chat.created',
      payload: '{}',
      status,
      createdAt: new Date(Date.now() - daysAgo * DAY),
      expiresAt: new Date(Date.now() - daysAgo * DAY + DAY),
      nextAttemptAt: new Date(Date.now() + DAY),
    });
    await db.webhookDelivery.createMany({
      data: [
        delivery(10, 'delivered', 40), // goes
        delivery(11, 'failed', 31), // goes
        delivery(12, 'delivered', 29), // too recent
        delivery(900, 'delivered', 40), // the intake may still read event 900 (cursor 1000, 200 back)
      ],
    });
    const a = createWebhookActivities({
      db,
      secrets: TEST_SECRETS,
      webhooks: {
        sender: new WebhookSender(new CallbackTargets(true)),
        retryWindowMs: DAY,
        keepSettledMs: 30 * DAY,
      },
    });
    const run = <R>(fn: () => Promise<R>): Promise<R> => new MockActivityEnvironment().run(fn) as Promise<R>;
    const left = async () =>
      (await db.webhookDelivery.findMany({ where: { webhookId: hook.id }, orderBy: { id: 'asc' } })).map(
        (d) => d.eventId,
      );

    expect(await run(() => a.deliverWebhookEvents({ webhookId: hook.id }))).toEqual({ state: 'idle' });
    expect(await left()).toEqual([12, 900]);

    // Within the hour this process does not look again (12 made old enough meanwhile).
    await db.webhookDelivery.updateMany({
      where: { eventId: 12 },
      data: { createdAt: new Date(Date.now() - 40 * DAY) },
    });
    expect(await run(() => a.deliverWebhookEvents({ webhookId: hook.id }))).toEqual({ state: 'idle' });
    expect(await left()).toEqual([12, 900]);
    expect(
      await pruneSettledDeliveries(db, hook.id, { before: new Date(Date.now() - 30 * DAY), upToEventId: 800 }),
    ).toBe(1);
    expect(await left()).toEqual([900]);

    // A pending delivery stays whatever its age (a redelivery); many old ones go in batches of 500.
    await db.webhookDelivery.deleteMany();
    await db.webhookDelivery.createMany({
      data: [
        delivery(14, 'pending', 40),
        ...Array.from({ length: 1_200 }, (_, i) => delivery(100 + i, 'delivered', 35)),
        delivery(2_000, 'failed', 1),
      ],
    });
    const removed = await pruneSettledDeliveries(db, hook.id, {
      before: new Date(Date.now() - 30 * DAY),
      upToEventId: 5_000,
    });
    expect(removed).toBe(1_200);
    expect(await left()).toEqual([14, 2_000]);
  } finally {
    await cleanup();
  }
});
