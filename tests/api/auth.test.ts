import { hashPassword } from '../../src/auth/passwords';
import { ApiApp } from '../helpers/apiApp';

const app = new ApiApp();
beforeAll(async () => {
  await app.start();
  await app.as('attendant', { email: 'ana@example.com', passwordHash: await hashPassword('ana-password-1') });
});
afterAll(() => app.stop());

describe('POST /api/v1/auth/login', () => {
  test('a missing field → 400 naming it', async () => {
    const res = await app.request('POST', '/api/v1/auth/login', { body: { email: 'ana@example.com' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message.startsWith('body.password')).toBe(true);
  });

  test('a wrong password and an unknown e-mail get the same 401', async () => {
    const wrong = await app.request('POST', '/api/v1/auth/login', {
      body: { email: 'ana@example.com', password: 'not-her-password' },
    });
    const unknown = await app.request('POST', '/api/v1/auth/login', {
      body: { email: 'nobody@example.com', password: 'not-her-password' },
    });
    expect(wrong.status).toBe(401);
    // Status and body alike (headers differ by their Date when the two straddle a second).
    expect({ status: unknown.status, body: unknown.body }).toEqual({ status: wrong.status, body: wrong.body });
  });

  test('the right password gives a pair of tokens, and the refresh token a new pair', async () => {
    const login = await app.request('POST', '/api/v1/auth/login', {
      body: { email: 'ana@example.com', password: 'ana-password-1' },
    });
    expect(login.status).toBe(200);
    const refreshed = await app.request('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect(typeof refreshed.body.accessToken).toBe('string');
    // An access token is not a refresh token.
    const misuse = await app.request('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: login.body.accessToken },
    });
    expect(misuse.status).toBe(401);
  });
});
