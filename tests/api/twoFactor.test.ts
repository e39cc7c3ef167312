import { hashPassword } from '../../src/auth/passwords';
import { totpCode } from '../../src/auth/twoFactor';
import { ApiApp } from '../helpers/apiApp';

// Sessions: TOTP 2FA (enrolment, the two-step login, recovery codes, attempt
// limits, REQUIRE_ADMIN_2FA), logout revocation and one-use reset links.

const app = new ApiApp();
const strict = new ApiApp(undefined, { requireAdmin2fa: true });
const PASSWORD = 'a-long-right-password-1';
let admin: { id: string; token: string };

beforeAll(async () => {
  await Promise.all([app.start(), strict.start()]);
  admin = await app.as('admin');
});
afterAll(() => Promise.all([app.stop(), strict.stop()]));

let n = 0;
async function person(on = app, role = 'attendant') {
  const email = `person-${++n}@example.com`;
  const row = await on.db.attendant.create({
    data: { name: `Pessoa ${n}`, email, passwordHash: await hashPassword(PASSWORD), role },
  });
  return { id: row.id, email };
}
const login = (email: string, password = PASSWORD, on = app, from?: string) =>
  on.request('POST', '/api/v1/auth/login', { body: { email, password }, ...(from ? { from } : {}) });
const secondStep = (body: object, on = app, from?: string) =>
  on.request('POST', '/api/v1/auth/login/2fa', { body, ...(from ? { from } : {}) });
const audit = (on: ApiApp, action: string, targetId: string) =>
  on.db.auditEntry.findMany({ where: { action, targetId } });

/** Signs in, enrols in 2FA and answers the secret and the recovery codes; the code of the current step is spent. */
async function enrolled(on = app, role = 'attendant') {
  const me = await person(on, role);
  const access = (await login(me.email, PASSWORD, on)).body.accessToken as string;
  const setup = await on.request('POST', '/api/v1/me/2fa/setup', { token: access });
  expect(setup.status).toBe(200);
  const secret = setup.body.secret as string;
  const usedCode = totpCode(secret);
  const confirm = await on.request('POST', '/api/v1/me/2fa/confirm', { token: access, body: { code: usedCode } });
  expect(confirm.status).toBe(200);
  return { ...me, access, secret, usedCode, recoveryCodes: confirm.body.recoveryCodes as string[], setup: setup.body };
}

test('enrolment: an otpauth URI and QR code, confirmed by a code; the secret sealed at rest; ten recovery codes', async () => {
  const me = await enrolled();
  expect(me.setup.otpauthUri).toMatch(/^otpauth:\/\/totp\/Atende:person-\d+%40example\.com\?.*secret=/);
  expect(me.setup.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(me.recoveryCodes).toHaveLength(10);
  expect(new Set(me.recoveryCodes).size).toBe(10);
  const row = await app.db.attendant.findUniqueOrThrow({ where: { id: me.id } });
  expect(row.totpSecret).toMatch(/^enc:v1:/);
  expect(row.totpSecret).not.toContain(me.secret);
  expect(row.totpPendingSecret).toBeNull();
  const stored = await app.db.recoveryCode.findMany({ where: { attendantId: me.id } });
  expect(stored.map((c) => c.codeHash)).not.toContain(me.recoveryCodes[0]);
  expect(await audit(app, 'auth.2fa_enabled', me.id)).toHaveLength(1);
  const status = await app.request('GET', '/api/v1/me/2fa', { token: me.access });
  expect(status.body).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });
});

test('a wrong code does not confirm enrolment', async () => {
  const me = await person();
  const access = (await login(me.email)).body.accessToken as string;
  const setup = await app.request('POST', '/api/v1/me/2fa/setup', { token: access });
  const wrong = String((Number(totpCode(setup.body.secret)) + 1) % 1_000_000).padStart(6, '0');
  const res = await app.request('POST', '/api/v1/me/2fa/confirm', { token: access, body: { code: wrong } });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_code');
  const bad = await app.request('POST', '/api/v1/me/2fa/confirm', { token: access, body: { code: 'abc' } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].path).toBe('body.code');
  expect((await app.db.attendant.findUniqueOrThrow({ where: { id: me.id } })).totpEnabledAt).toBeNull();
});

test('2FA login: the password gives a challenge only; the code gives the session; a code is good once', async () => {
  const me = await enrolled();
  const first = await login(me.email);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ twoFactorRequired: true });
  expect(first.body.accessToken).toBeUndefined();
  const challengeToken = first.body.challengeToken as string;
  // The challenge is no access token.
  expect((await app.request('GET', '/api/v1/chats', { token: challengeToken })).status).toBe(401);
  // The code enrolment used is spent; the next step's is good once.
  expect((await secondStep({ challengeToken, code: me.usedCode })).status).toBe(401);
  const next = totpCode(me.secret, Date.now() + 30_000);
  const ok = await secondStep({ challengeToken, code: next });
  expect(ok.status).toBe(200);
  expect(ok.body.attendant).toMatchObject({ id: me.id, twoFactorEnabled: true });
  expect((await app.request('GET', '/api/v1/chats', { token: ok.body.accessToken })).status).toBe(200);
  const again = await secondStep({ challengeToken, code: next });
  expect(again.status).toBe(401);
  expect(again.body.error.code).toBe('invalid_code');
  // Neither or both of code and recoveryCode: 400 naming the field.
  const both = await secondStep({ challengeToken, code: next, recoveryCode: me.recoveryCodes[0] });
  expect(both.status).toBe(400);
  expect(both.body.error.details[0].path).toBe('body.code');
});

test('a recovery code signs in once; used twice it is refused', async () => {
  const me = await enrolled();
  const challenge = async () => (await login(me.email)).body.challengeToken as string;
  const code = me.recoveryCodes[3]!;
  const ok = await secondStep({ challengeToken: await challenge(), recoveryCode: code.toLowerCase() });
  expect(ok.status).toBe(200);
  const twice = await secondStep({ challengeToken: await challenge(), recoveryCode: code });
  expect(twice.status).toBe(401);
  expect(twice.body.error.code).toBe('invalid_code');
  const entries = await audit(app, 'auth.2fa_recovery_used', me.id);
  expect(entries).toHaveLength(1);
  expect(JSON.parse(entries[0]!.details)).toEqual({ recoveryCodesLeft: 9 });
  expect(entries[0]!.details).not.toContain(code);
});

test('wrong codes are limited like passwords: 429 with Retry-After, even for the right code', async () => {
  const me = await enrolled();
  const challengeToken = (await login(me.email, PASSWORD, app, '127.0.0.9')).body.challengeToken as string;
  for (let i = 0; i < 5; i++) {
    const res = await secondStep({ challengeToken, code: '000000' }, app, '127.0.0.9');
    expect(res.status).toBe(401);
  }
  const held = await secondStep({ challengeToken, code: totpCode(me.secret, Date.now() + 30_000) }, app, '127.0.0.9');
  expect(held.status).toBe(429);
  expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
});

test('disabling needs the password and a code; it is audited and the login is one step again', async () => {
  const me = await enrolled();
  const wrong = await app.request('POST', '/api/v1/me/2fa/disable', {
    token: me.access,
    body: { password: 'not-the-password', recoveryCode: me.recoveryCodes[0] },
  });
  expect(wrong.status).toBe(401);
  const off = await app.request('POST', '/api/v1/me/2fa/disable', {
    token: me.access,
    body: { password: PASSWORD, recoveryCode: me.recoveryCodes[1] },
  });
  expect(off.status).toBe(204);
  expect(await audit(app, 'auth.2fa_disabled', me.id)).toHaveLength(1);
  expect(await app.db.recoveryCode.count({ where: { attendantId: me.id } })).toBe(0);
  expect((await login(me.email)).body.accessToken).toEqual(expect.any(String));
});

test('an admin turns off the 2FA of someone who lost their phone', async () => {
  const me = await enrolled();
  const other = await app.as('attendant');
  expect((await app.request('DELETE', `/api/v1/attendants/${me.id}/2fa`, { token: other.token })).status).toBe(403);
  expect((await app.request('DELETE', `/api/v1/attendants/${me.id}/2fa`, { token: admin.token })).status).toBe(204);
  const entries = await audit(app, 'auth.2fa_disabled', me.id);
  expect(entries).toMatchObject([{ actorType: 'attendant', actorId: admin.id }]);
});

test('logout revokes the refresh family: the refresh token then gets 401', async () => {
  const me = await person();
  const session = await login(me.email);
  const refreshed = await app.request('POST', '/api/v1/auth/refresh', {
    body: { refreshToken: session.body.refreshToken },
  });
  expect(refreshed.status).toBe(200);
  const out = await app.request('POST', '/api/v1/auth/logout', {
    body: { refreshToken: refreshed.body.refreshToken },
  });
  expect(out.status).toBe(204);
  const after = await app.request('POST', '/api/v1/auth/refresh', {
    body: { refreshToken: refreshed.body.refreshToken },
  });
  expect(after.status).toBe(401);
  expect(await audit(app, 'auth.logout', me.id)).toHaveLength(1);
  // Another session of the same person is another family: it stays.
  const other = await login(me.email);
  await app.request('POST', '/api/v1/auth/logout', { body: { refreshToken: session.body.refreshToken } });
  expect(
    (await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: other.body.refreshToken } })).status,
  ).toBe(200);
  const garbage = await app.request('POST', '/api/v1/auth/logout', { body: { refreshToken: 'nope' } });
  expect(garbage.status).toBe(401);
  const missing = await app.request('POST', '/api/v1/auth/logout', { body: {} });
  expect(missing.status).toBe(400);
  expect(missing.body.error.details[0].path).toBe('body.refreshToken');
});

test('a reset link sets a new password once, revokes the sessions; a second use is refused', async () => {
  const me = await person();
  const old = await login(me.email);
  const attendant = await app.as('attendant');
  expect(
    (await app.request('POST', `/api/v1/attendants/${me.id}/password-reset`, { token: attendant.token })).status,
  ).toBe(403);
  const issued = await app.request('POST', `/api/v1/attendants/${me.id}/password-reset`, { token: admin.token });
  expect(issued.status).toBe(201);
  expect(issued.body.url).toMatch(/\/console\/#\/reset-password\/atr_/);
  expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeGreaterThan(59 * 60_000);
  const token = (issued.body.url as string).split('/reset-password/')[1]!;
  expect(await app.db.passwordReset.count({ where: { tokenHash: token } })).toBe(0);

  const weak = await app.request('POST', '/api/v1/auth/password-reset', { body: { token, password: '12345678' } });
  expect(weak.status).toBe(400);
  expect(weak.body.error.details[0].path).toBe('body.password');
  const NEW = 'another-long-password-7';
  expect((await app.request('POST', '/api/v1/auth/password-reset', { body: { token, password: NEW } })).status).toBe(
    204,
  );
  expect((await app.request('GET', '/api/v1/chats', { token: old.body.accessToken })).status).toBe(401);
  expect(
    (await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: old.body.refreshToken } })).status,
  ).toBe(401);
  expect((await login(me.email, NEW)).status).toBe(200);
  const twice = await app.request('POST', '/api/v1/auth/password-reset', {
    body: { token, password: 'yet-another-password-9' },
  });
  expect(twice.status).toBe(400);
  expect(twice.body.error.code).toBe('invalid_reset_token');
  expect((await login(me.email, NEW)).status).toBe(200);
  expect(await audit(app, 'auth.password_reset_issued', me.id)).toHaveLength(1);
  expect(await audit(app, 'auth.password_reset_used', me.id)).toHaveLength(1);
});

test('a reset link past its hour is refused', async () => {
  const me = await person();
  const issued = await app.request('POST', `/api/v1/attendants/${me.id}/password-reset`, { token: admin.token });
  const token = (issued.body.url as string).split('/reset-password/')[1]!;
  await app.db.passwordReset.updateMany({
    where: { attendantId: me.id },
    data: { expiresAt: new Date(Date.now() - 1) },
  });
  const res = await app.request('POST', '/api/v1/auth/password-reset', {
    body: { token, password: 'another-long-password-7' },
  });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_reset_token');
});

test('REQUIRE_ADMIN_2FA: an admin without 2FA reaches only enrolment; other roles are not held', async () => {
  const boss = await person(strict, 'admin');
  const access = (await login(boss.email, PASSWORD, strict)).body.accessToken as string;
  const held = await strict.request('GET', '/api/v1/chats', { token: access });
  expect(held.status).toBe(403);
  expect(held.body.error.code).toBe('two_factor_required');
  const status = await strict.request('GET', '/api/v1/me/2fa', { token: access });
  expect(status.body).toMatchObject({ enabled: false, required: true });
  const setup = await strict.request('POST', '/api/v1/me/2fa/setup', { token: access });
  await strict.request('POST', '/api/v1/me/2fa/confirm', {
    token: access,
    body: { code: totpCode(setup.body.secret) },
  });
  expect((await strict.request('GET', '/api/v1/chats', { token: access })).status).toBe(200);

  const worker = await person(strict, 'attendant');
  const theirs = (await login(worker.email, PASSWORD, strict)).body.accessToken as string;
  expect((await strict.request('GET', '/api/v1/chats', { token: theirs })).status).toBe(200);
  // Without the setting, an admin without 2FA is not held.
  expect((await app.request('GET', '/api/v1/chats', { token: admin.token })).status).toBe(200);
});
