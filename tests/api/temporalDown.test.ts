import { signBody } from '../../src/channels/signature';
import { ApiApp } from '../helpers/apiApp';

// Temporal unreachable (the helper's client points at a port where nothing
// listens): a webhook must answer a prompt 503 with Retry-After, so the
// channel retries later, and never a 500 after a long wait.
const app = new ApiApp();
const SECRET = 'temporal-down-secret-0123456789';
let channelId: string;
beforeAll(async () => {
  await app.start();
  channelId = await app.addChannel('api', { callbackUrl: 'http://127.0.0.1:9/cb' }, { secret: SECRET });
});
afterAll(() => app.stop());

test('a webhook answers 503 with Retry-After within seconds', async () => {
  const raw = JSON.stringify({
    type: 'NEW_CONVERSATION',
    timestamp: new Date().toISOString(),
    data: { id: 'conv-down' },
  });
  const started = performance.now();
  const res = await fetch(`${app.url}/webhooks/api/${channelId}`, {
    method: 'POST',
    body: raw,
    headers: { 'content-type': 'application/json', 'x-atende-signature': signBody(SECRET, raw) },
  });
  const elapsed = performance.now() - started;
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('temporal_unavailable');
  expect(elapsed).toBeLessThan(10_000);
}, 60_000);
