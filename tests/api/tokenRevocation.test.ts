import { hashPassword } from '../../src/auth/passwords';
import { ApiApp } from '../helpers/apiApp';

// Revocation: a password or role change or a deactivation revokes every token
// issued before it; refresh tokens rotate, and a reused one revokes its family.

const app = new ApiApp();
const PASSWORD = 'a-long-right-password-1';
let admin: string;

beforeAll(async () => {
  await app.start();
  admin = (await app.as('admin')).token;
});
afterAll(() => app.stop());

let n = 0;
async function signedIn() {
  const email = `revoked-${++n}@example.com`;
  const row = await app.db.attendant.create({
    data: { name: 'R', email, passwordHash: await hashPassword(PASSWORD), role: 'attendant' },
  });
  const res = await app.request('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
  expect(res.status).toBe(200);
  return { id: row.id, email, access: res.body.accessToken as string, refresh: res.body.refreshToken as string };
}
const canRead = async (access: string) => (await app.request('GET', '/api/v1/chats', { token: access })).status;
const refresh = (refreshToken: string) => app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken } });

test.each([
  ['a password change', { password: 'another-long-password-2' }],
  ['a role change', { role: 'supervisor' }],
  ['a deactivation', { active: false }],
])('%s revokes the access and refresh tokens issued before it', async (_name, change) => {
  const me = await signedIn();
  expect(await canRead(me.access)).toBe(200);
  expect((await app.request('PATCH', `/api/v1/attendants/${me.id}`, { token: admin, body: change })).status).toBe(200);
  expect(await canRead(me.access)).toBe(401);
  expect((await refresh(me.refresh)).status).toBe(401);
});

test('a change that touches no credential keeps the tokens', async () => {
  const me = await signedIn();
  await app.request('PATCH', `/api/v1/attendants/${me.id}`, {
    token: admin,
    body: { maxConcurrent: 3, role: 'attendant' },
  });
  expect(await canRead(me.access)).toBe(200);
});

test('deleting (deactivating) an attendant revokes their tokens', async () => {
  const me = await signedIn();
  expect((await app.request('DELETE', `/api/v1/attendants/${me.id}`, { token: admin })).status).toBe(204);
  expect(await canRead(me.access)).toBe(401);
});

test('refresh tokens rotate; a reused one revokes its whole family', async () => {
  const me = await signedIn();
  const first = await refresh(me.refresh);
  expect(first.status).toBe(200);
  expect(first.body.refreshToken).not.toBe(me.refresh);
  expect(await canRead(first.body.accessToken)).toBe(200);

  // The old token again (a thief's copy): refused, and the legitimate newer one dies with it.
  expect((await refresh(me.refresh)).status).toBe(401);
  expect((await refresh(first.body.refreshToken)).status).toBe(401);

  // A fresh sign-in is a new family and works.
  const again = await app.request('POST', '/api/v1/auth/login', { body: { email: me.email, password: PASSWORD } });
  expect((await refresh(again.body.refreshToken)).status).toBe(200);
});

test('two refreshes with the same token at once: one wins, and the family is revoked', async () => {
  const me = await signedIn();
  const [a, b] = await Promise.all([refresh(me.refresh), refresh(me.refresh)]);
  expect([a.status, b.status].sort()).toEqual([200, 401]);
  const winner = a.status === 200 ? a : b;
  expect((await refresh(winner.body.refreshToken)).status).toBe(401);
});
