import { hashPassword } from '../../src/auth/passwords';
import { ATTEMPT_LIMITS } from '../../src/auth/attemptLimits';
import { ApiApp } from '../helpers/apiApp';

// Failed logins and refreshes are limited per account *and* address, and per
// address, in the database (so a second API process sees the same counts).
// A stranger slows down only themselves: the owner signs in from elsewhere.
// Each test sends from its own loopback address (127.0.0.x), so counts of
// one test never reach another.

const app = new ApiApp();
const second = new ApiApp(app);
const PASSWORD = 'a-long-right-password-1';
const PAIR = ATTEMPT_LIMITS.pair.points;

beforeAll(async () => {
  await app.start();
  await second.start();
});
afterAll(async () => {
  await second.stop();
  await app.stop();
});

let n = 0;
async function account(on = app): Promise<string> {
  const email = `limited-${++n}@example.com`;
  await on.db.attendant.create({
    data: { name: 'L', email, passwordHash: await hashPassword(PASSWORD), role: 'attendant' },
  });
  return email;
}
const login = (email: string, password: string, opts: { on?: ApiApp; from?: string; xff?: string } = {}) =>
  (opts.on ?? app).request('POST', '/api/v1/auth/login', {
    body: { email, password },
    ...(opts.from ? { from: opts.from } : {}),
    ...(opts.xff ? { headers: { 'x-forwarded-for': opts.xff } } : {}),
  });
const statuses = async (requests: Array<Promise<{ status: number }>>) =>
  (await Promise.all(requests)).map((r) => r.status);

test('a stranger’s 50 wrong passwords slow down only their own address: the owner signs in from another, on every process', async () => {
  const email = await account();
  const stranger = '127.0.0.11';
  const seen: number[] = [];
  for (let i = 0; i < 50; i++) seen.push((await login(email, 'wrong-guess', { from: stranger })).status);
  expect(seen.slice(0, PAIR)).toEqual(Array(PAIR).fill(401));
  expect(new Set(seen.slice(PAIR))).toEqual(new Set([429]));
  // The stranger's own address waits a short while, right password or not.
  const held = await login(email, PASSWORD, { from: stranger });
  expect(held.status).toBe(429);
  expect(held.body.error.code).toBe('too_many_attempts');
  expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(Number(held.headers.get('retry-after'))).toBeLessThanOrEqual(ATTEMPT_LIMITS.pair.duration);
  // The owner, elsewhere, is not held back at all, on either process.
  expect((await login(email, PASSWORD, { from: '127.0.0.12' })).status).toBe(200);
  expect((await login(email, PASSWORD, { from: '127.0.0.13', on: second })).status).toBe(200);
  // Nor is another account from the stranger's address.
  expect((await login(await account(), PASSWORD, { from: stranger })).status).toBe(200);
});

test('60 concurrent wrong passwords: exactly the limit is judged (401), the rest are 429', async () => {
  const email = await account();
  const seen = await statuses(Array.from({ length: 60 }, () => login(email, 'wrong-guess', { from: '127.0.0.21' })));
  expect(seen.filter((s) => s === 401)).toHaveLength(PAIR);
  expect(seen.filter((s) => s === 429)).toHaveLength(60 - PAIR);
});

test('a successful login clears its pair; successes are never limited', async () => {
  const email = await account();
  const from = '127.0.0.31';
  for (let i = 0; i < PAIR - 1; i++) await login(email, 'wrong-guess', { from });
  expect((await login(email, PASSWORD, { from })).status).toBe(200);
  for (let i = 0; i < PAIR - 1; i++) expect((await login(email, 'wrong-guess', { from })).status).toBe(401);
  for (let i = 0; i < 15; i++) expect((await login(email, PASSWORD, { from })).status).toBe(200);
});

test('a flood of garbage refresh tokens is held back, and never a valid refresh token from the same address', async () => {
  const from = '127.0.0.41';
  const email = await account();
  const signedIn = await login(email, PASSWORD, { from: '127.0.0.42' });
  expect(signedIn.status).toBe(200);
  const refresh = (refreshToken: string) =>
    app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken }, from });
  const seen: number[] = [];
  for (let i = 0; i < 100; i++) seen.push((await refresh(`garbage-${i}`)).status);
  expect(seen.slice(0, ATTEMPT_LIMITS.garbage.points)).toEqual(Array(ATTEMPT_LIMITS.garbage.points).fill(401));
  expect(new Set(seen.slice(ATTEMPT_LIMITS.garbage.points))).toEqual(new Set([429]));
  const valid = await refresh(signedIn.body.refreshToken);
  expect(valid.status).toBe(200);
  expect(typeof valid.body.refreshToken).toBe('string');
  // A used token of ours is refused (and revokes its family), but is not counted as garbage: still a 401.
  expect((await refresh(signedIn.body.refreshToken)).status).toBe(401);
}, 60_000);

test('one address failing on many accounts: accounts that failed from it are 429, others are still judged', async () => {
  const fresh = new ApiApp();
  await fresh.start();
  try {
    const from = '127.0.0.51';
    const failedHere = await account(fresh);
    const colleague = await account(fresh);
    const sprayed = await account(fresh);
    expect((await login(failedHere, 'guess', { on: fresh, from })).status).toBe(401);
    for (let i = 1; i < ATTEMPT_LIMITS.address.points; i++) {
      expect((await login(`nobody-${i}@example.com`, 'guess', { on: fresh, from })).status).toBe(401);
    }
    // The address is full: an account that failed from it waits for the window, right password too…
    const held = await login(failedHere, PASSWORD, { on: fresh, from });
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeLessThanOrEqual(ATTEMPT_LIMITS.address.duration);
    expect((await login('nobody-1@example.com', 'guess', { on: fresh, from })).status).toBe(429);
    // …an account with no failure from it is judged: its owner behind the same address signs in,
    expect((await login(colleague, PASSWORD, { on: fresh, from })).status).toBe(200);
    // and a sprayer gets one try per account.
    expect((await login(sprayed, 'guess', { on: fresh, from })).status).toBe(401);
    expect((await login(sprayed, 'guess', { on: fresh, from })).status).toBe(429);
    // Elsewhere, nothing is held back.
    expect((await login(failedHere, PASSWORD, { on: fresh, from: '127.0.0.52' })).status).toBe(200);
  } finally {
    await fresh.stop();
  }
}, 60_000);

test('behind TRUST_PROXY=1 clients are told apart by X-Forwarded-For; without it a forged one is ignored', async () => {
  const proxied = new ApiApp(undefined, { trustProxy: 1 });
  const direct = new ApiApp();
  await Promise.all([proxied.start(), direct.start()]);
  try {
    for (const [on, apart] of [
      [proxied, true],
      [direct, false],
    ] as const) {
      const email = await account(on);
      for (let i = 0; i < PAIR; i++) {
        expect((await login(email, 'wrong-guess', { on, xff: '203.0.113.7' })).status).toBe(401);
      }
      expect((await login(email, PASSWORD, { on, xff: '203.0.113.7' })).status).toBe(429);
      // Another client: only a trusted proxy's word makes it another address.
      expect((await login(email, PASSWORD, { on, xff: '203.0.113.8' })).status).toBe(apart ? 200 : 429);
      // The proxy appends the address it saw: whatever a client put before it is not believed.
      expect((await login(email, PASSWORD, { on, xff: '203.0.113.8, 203.0.113.7' })).status).toBe(429);
    }
  } finally {
    await Promise.all([proxied.stop(), direct.stop()]);
  }
});

test('TRUST_PROXY as a list trusts only those proxies', async () => {
  const elsewhere = new ApiApp(undefined, { trustProxy: ['10.0.0.0/8'] });
  const here = new ApiApp(undefined, { trustProxy: ['10.0.0.0/8', '127.0.0.1'] });
  await Promise.all([elsewhere.start(), here.start()]);
  try {
    for (const [on, trusted] of [
      [elsewhere, false],
      [here, true],
    ] as const) {
      const email = await account(on);
      for (let i = 0; i < PAIR; i++) await login(email, 'wrong-guess', { on, xff: '198.51.100.1' });
      expect((await login(email, PASSWORD, { on, xff: '198.51.100.2' })).status).toBe(trusted ? 200 : 429);
    }
  } finally {
    await Promise.all([elsewhere.stop(), here.stop()]);
  }
});

test('counters whose window ended over an hour ago are pruned by a failure, live ones kept', async () => {
  const fresh = new ApiApp();
  await fresh.start();
  try {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    await fresh.db.rateLimiterFlexible.createMany({
      data: [
        { key: 'address:203.0.113.9', points: 3, expire: hoursAgo(2) },
        { key: 'pairHour:old@example.com|203.0.113.9', points: 1, expire: hoursAgo(0.5) },
      ],
    });
    expect((await login('nobody@example.com', 'guess', { on: fresh })).status).toBe(401);
    const keys = (await fresh.db.rateLimiterFlexible.findMany()).map((row) => row.key).sort();
    expect(keys).not.toContain('address:203.0.113.9');
    expect(keys).toContain('pairHour:old@example.com|203.0.113.9');
    expect(keys).toContain('pair:nobody@example.com|127.0.0.1');
  } finally {
    await fresh.stop();
  }
});

test('a method a route does not have is a JSON 405 with Allow', async () => {
  const res = await app.request('GET', '/webhooks/api/some-channel');
  expect(res.status).toBe(405);
  expect(res.body.error.code).toBe('method_not_allowed');
});
