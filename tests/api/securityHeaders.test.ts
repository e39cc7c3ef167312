import { ApiApp } from '../helpers/apiApp';

// Security headers (helmet) on answers of every kind, and tokens never cacheable.

const app = new ApiApp();
beforeAll(() => app.start());
afterAll(() => app.stop());

test.each([
  ['GET', '/health'],
  ['GET', '/api/v1/chats'],
  ['GET', '/no-such-route'],
  ['GET', '/docs'],
  ['POST', '/webhooks/api/no-such-channel'],
])('%s %s carries the security headers', async (method, path) => {
  const res = await fetch(`${app.url}${path}`, { method });
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(res.headers.get('x-powered-by')).toBeNull();
});

test('auth answers, good or bad, are never cached', async () => {
  for (const body of [{ email: 'nobody@example.com', password: 'x' }, {}]) {
    const res = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
  }
});
