import { ApiApp } from '../helpers/apiApp';

// API tokens: issued once, stored hashed, listed with their last use, revoked;
// accepted within their scopes only, 401 when revoked or expired, and
// rate-limited per token.

const app = new ApiApp();
const limited = new ApiApp(undefined, { apiTokenRateLimit: { points: 3, duration: 60 } });
let admin: { id: string; token: string };

beforeAll(async () => {
  await Promise.all([app.start(), limited.start()]);
  admin = await app.as('admin');
});
afterAll(() => Promise.all([app.stop(), limited.stop()]));

async function issue(scopes: string[], on = app, by = admin, extra: object = {}) {
  const res = await on.request('POST', '/api/v1/api-tokens', {
    token: by.token,
    body: { name: `integração ${scopes.join(' ')}`, scopes, ...extra },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; token: string; prefix: string; scopes: string[] };
}

test('a token is shown once, stored as a hash, listed with its last use and no secret', async () => {
  const created = await issue(['chats:read']);
  expect(created.token).toMatch(/^atd_[A-Za-z0-9_-]{43}$/);
  expect(created.token.startsWith(created.prefix)).toBe(true);
  const row = await app.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
  expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(row)).not.toContain(created.token);
  expect((await app.request('GET', '/api/v1/chats', { token: created.token })).status).toBe(200);
  const list = await app.request('GET', '/api/v1/api-tokens', { token: admin.token });
  const listed = list.body.items.find((t: { id: string }) => t.id === created.id);
  expect(listed).toMatchObject({ scopes: ['chats:read'], revokedAt: null, lastUsedAt: expect.any(String) });
  expect(JSON.stringify(list.body)).not.toContain(created.token);
  expect(JSON.stringify(list.body)).not.toContain(row.tokenHash);
  const entries = await app.db.auditEntry.findMany({ where: { action: 'api_token.created', targetId: created.id } });
  expect(entries).toMatchObject([{ actorType: 'attendant', actorId: admin.id }]);
  expect(entries[0]!.details).not.toContain(created.token);
});

test('only admins manage tokens; bad input is a 400 naming the field, and nothing is written', async () => {
  const supervisor = await app.as('supervisor');
  const refused = await app.request('POST', '/api/v1/api-tokens', {
    token: supervisor.token,
    body: { name: 'x', scopes: ['chats:read'] },
  });
  expect(refused.status).toBe(403);
  const before = await app.db.apiToken.count();
  for (const [body, path] of [
    [{ name: 'x', scopes: ['chats:delete'] }, 'body.scopes.0'],
    [{ name: 'x', scopes: [] }, 'body.scopes'],
    [{ name: '', scopes: ['admin'] }, 'body.name'],
    [{ name: 'x', scopes: ['admin'], expiresAt: '2001-01-01T00:00:00Z' }, 'body.expiresAt'],
  ] as const) {
    const res = await app.request('POST', '/api/v1/api-tokens', { token: admin.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe(path);
  }
  expect(await app.db.apiToken.count()).toBe(before);
});

// Every route family against every scope: allowed means neither 401 nor 403.
const ROUTES: Array<[string, string, string, unknown?]> = [
  ['chats:read', 'GET', '/api/v1/chats'],
  ['chats:read', 'GET', '/api/v1/queue'],
  ['chats:read', 'GET', '/api/v1/search?q=oi'],
  ['chats:write', 'POST', '/api/v1/chats/nope/notes', { text: 'nota' }],
  ['chats:write', 'PUT', '/api/v1/chats/nope/tags', { tags: [] }],
  ['contacts:read', 'GET', '/api/v1/contacts'],
  ['contacts:write', 'POST', '/api/v1/contacts', { name: 'Cliente Integração' }],
  ['admin', 'GET', '/api/v1/attendants'],
  ['admin', 'GET', '/api/v1/channels'],
  ['admin', 'GET', '/api/v1/routing'],
  ['admin', 'GET', '/api/v1/metrics'],
  ['personal', 'PATCH', '/api/v1/me', { available: true }],
  ['personal', 'GET', '/api/v1/me/2fa'],
  ['personal', 'POST', '/api/v1/chats/nope/read', {}],
  ['personal', 'GET', '/api/v1/api-tokens'],
];
const SCOPE_SETS: string[][] = [
  ['chats:read'],
  ['chats:write'],
  ['contacts:read'],
  ['contacts:write'],
  ['admin'],
  ['chats:read', 'chats:write', 'contacts:read', 'contacts:write', 'admin'],
];

describe.each(SCOPE_SETS.map((s) => [s.join(','), s] as const))('a token with %s', (_name, scopes) => {
  let token: string;
  beforeAll(async () => {
    token = (await issue(scopes)).token;
  });
  // Every row has its four cells (a missing body is null): Jest would take a fourth parameter it is not given for `done`.
  test.each(ROUTES.map(([needed, method, path, body]) => [needed, method, path, body ?? null] as const))(
    '%s: %s %s',
    async (needed, method, path, body) => {
      const res = await app.request(method, path, { token, ...(body !== null ? { body } : {}) });
      if (scopes.includes(needed)) {
        expect([401, 403]).not.toContain(res.status);
      } else {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe(needed === 'personal' ? 'forbidden' : 'insufficient_scope');
      }
    },
  );
});

test('a revoked or expired token gets 401, as does one whose admin is gone', async () => {
  const revoked = await issue(['chats:read']);
  expect((await app.request('DELETE', `/api/v1/api-tokens/${revoked.id}`, { token: admin.token })).status).toBe(204);
  expect((await app.request('GET', '/api/v1/chats', { token: revoked.token })).status).toBe(401);
  expect(await app.db.auditEntry.count({ where: { action: 'api_token.revoked', targetId: revoked.id } })).toBe(1);
  // Revoking twice: nothing more to record.
  expect((await app.request('DELETE', `/api/v1/api-tokens/${revoked.id}`, { token: admin.token })).status).toBe(204);
  expect(await app.db.auditEntry.count({ where: { action: 'api_token.revoked', targetId: revoked.id } })).toBe(1);
  expect((await app.request('DELETE', '/api/v1/api-tokens/nope', { token: admin.token })).status).toBe(404);

  const expiring = await issue(['chats:read'], app, admin, { expiresAt: new Date(Date.now() + 60_000).toISOString() });
  expect((await app.request('GET', '/api/v1/chats', { token: expiring.token })).status).toBe(200);
  await app.db.apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const expired = await app.request('GET', '/api/v1/chats', { token: expiring.token });
  expect(expired.status).toBe(401);

  const other = await app.as('admin');
  const orphan = await issue(['chats:read'], app, other);
  await app.request('DELETE', `/api/v1/attendants/${other.id}`, { token: admin.token });
  expect((await app.request('GET', '/api/v1/chats', { token: orphan.token })).status).toBe(401);
  expect((await app.request('GET', '/api/v1/chats', { token: 'atd_made-up' })).status).toBe(401);
});

test('the audit log names the token as the actor of what it does', async () => {
  const { token, id } = await issue(['admin']);
  const person = await app.as('attendant');
  const res = await app.request('POST', `/api/v1/attendants/${person.id}/password-reset`, { token });
  expect(res.status).toBe(201);
  const entries = await app.db.auditEntry.findMany({
    where: { action: 'auth.password_reset_issued', targetId: person.id },
  });
  expect(entries).toMatchObject([{ actorType: 'token', actorId: id }]);
});

test('each token has its own rate: past it, 429 with Retry-After', async () => {
  const boss = await limited.as('admin');
  const first = await issue(['chats:read'], limited, boss);
  const second = await issue(['chats:read'], limited, boss);
  for (let i = 0; i < 3; i++)
    expect((await limited.request('GET', '/api/v1/chats', { token: first.token })).status).toBe(200);
  const over = await limited.request('GET', '/api/v1/chats', { token: first.token });
  expect(over.status).toBe(429);
  expect(over.body.error.code).toBe('rate_limited');
  const retry = Number(over.headers.get('retry-after'));
  expect(retry).toBeGreaterThan(0);
  expect(retry).toBeLessThanOrEqual(60);
  expect((await limited.request('GET', '/api/v1/chats', { token: second.token })).status).toBe(200);
  // People are not held by a token's rate.
  expect((await limited.request('GET', '/api/v1/chats', { token: boss.token })).status).toBe(200);
});
