import { ApiApp } from '../helpers/apiApp';

// WEBHOOK_RATE_LIMIT: webhook calls per channel per second. Over it, a JSON
// 429 with Retry-After before the body is read; other channels and the REST
// API are not held back, and the next second is open again.

const LIMIT = 5;
const app = new ApiApp(undefined, { webhookRateLimit: LIMIT });
beforeAll(() => app.start());
afterAll(() => app.stop());

const call = (channelId: string) =>
  app.request('POST', `/webhooks/api/${channelId}`, { body: { type: 'NEW_MESSAGE' } });

test('past the limit a channel gets 429 with Retry-After; another channel does not; nothing is written', async () => {
  const before = await app.db.message.count();
  // Unknown channels still count: a flood of made-up ids costs no lookup.
  const answers = await Promise.all(Array.from({ length: LIMIT + 3 }, () => call('flooded')));
  const statuses = answers.map((res) => res.status);
  expect(statuses.filter((s) => s === 404)).toHaveLength(LIMIT);
  expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  const limited = answers.find((res) => res.status === 429)!;
  expect(limited.body.error.code).toBe('rate_limited');
  expect(Number(limited.headers.get('retry-after'))).toBe(1);

  expect((await call('another')).status).toBe(404);
  expect((await app.request('GET', '/health')).status).not.toBe(429);
  expect(await app.db.message.count()).toBe(before);
});

test('the next second is open again', async () => {
  for (let i = 0; i < LIMIT; i++) await call('bursty');
  expect((await call('bursty')).status).toBe(429);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  expect((await call('bursty')).status).toBe(404);
});
