import { hashPassword } from '../../src/auth/passwords';
import { ATTEMPT_LIMITS } from '../../src/auth/attemptLimits';
import { ApiApp } from '../helpers/apiApp';

// Failed logins and refreshes are limited per account and per address, in the
// database (so a second API process sees the same counts); successes are not.

const app = new ApiApp();
const second = new ApiApp(app);
const PASSWORD = 'a-long-right-password-1';

beforeAll(async () => {
  await app.start();
  await second.start();
});
afterAll(async () => {
  await second.stop();
  await app.stop();
});

let n = 0;
async function account(): Promise<string> {
  const email = `limited-${++n}@example.com`;
  await app.db.attendant.create({
    data: { name: 'L', email, passwordHash: await hashPassword(PASSWORD), role: 'attendant' },
  });
  return email;
}
const login = (email: string, password: string, on = app) =>
  on.request('POST', '/api/v1/auth/login', { body: { email, password } });

test('after 10 wrong passwords an account answers 429 with Retry-After, the right password too, on every process', async () => {
  const email = await account();
  for (let i = 0; i < ATTEMPT_LIMITS.account.points; i++) expect((await login(email, 'wrong-guess')).status).toBe(401);
  const blocked = await login(email, PASSWORD);
  expect(blocked.status).toBe(429);
  expect(blocked.body.error.code).toBe('too_many_attempts');
  const res = await fetch(`${second.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(ATTEMPT_LIMITS.account.duration);
  // Another account from the same address is not held back.
  expect((await login(await account(), PASSWORD)).status).toBe(200);
});

test('a successful login clears its failures; successes are never limited', async () => {
  const email = await account();
  for (let i = 0; i < ATTEMPT_LIMITS.account.points - 1; i++) await login(email, 'wrong-guess');
  expect((await login(email, PASSWORD)).status).toBe(200);
  for (let i = 0; i < ATTEMPT_LIMITS.account.points - 1; i++)
    expect((await login(email, 'wrong-guess')).status).toBe(401);
  for (let i = 0; i < 15; i++) expect((await login(email, PASSWORD)).status).toBe(200);
});

test('refused refresh tokens are limited per address', async () => {
  for (let i = 0; i < ATTEMPT_LIMITS.refresh.points; i++) {
    expect((await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'forged' } })).status).toBe(401);
  }
  const res = await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'forged' } });
  expect(res.status).toBe(429);
});

test('one address trying many accounts is stopped at 100 failures', async () => {
  const fresh = new ApiApp();
  await fresh.start();
  try {
    const attempts = Array.from({ length: ATTEMPT_LIMITS.address.points }, (_, i) => `nobody-${i}@example.com`);
    for (const email of attempts) expect((await login(email, 'guess', fresh)).status).toBe(401);
    expect((await login('someone-else@example.com', 'guess', fresh)).status).toBe(429);
  } finally {
    await fresh.stop();
  }
}, 60_000);

test('counters whose window ended over an hour ago are pruned by a failure, live ones kept', async () => {
  const fresh = new ApiApp();
  await fresh.start();
  try {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    await fresh.db.rateLimiterFlexible.createMany({
      data: [
        { key: 'address:203.0.113.9', points: 3, expire: hoursAgo(2) },
        { key: 'account:old@example.com', points: 1, expire: hoursAgo(0.5) },
      ],
    });
    expect((await login('nobody@example.com', 'guess', fresh)).status).toBe(401);
    const keys = (await fresh.db.rateLimiterFlexible.findMany()).map((row) => row.key).sort();
    expect(keys).not.toContain('address:203.0.113.9');
    expect(keys).toContain('account:old@example.com');
    expect(keys.some((key) => key.startsWith('account:nobody'))).toBe(true);
  } finally {
    await fresh.stop();
  }
});

test('a method a route does not have is a JSON 405 with Allow', async () => {
  const res = await app.request('GET', '/webhooks/api/some-channel');
  expect(res.status).toBe(405);
  expect(res.body.error.code).toBe('method_not_allowed');
});
