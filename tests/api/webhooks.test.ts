import { ApiApp } from '../helpers/apiApp';
import { TEST_SECRETS } from '../helpers/channelServices';

// Event-webhook subscriptions through the real app, over loopback HTTP, on a real SQLite file.
// The callbacks' SSRF guard is on here (allowPrivateCallbacks: false), as in production.
// Subscriptions are created inactive: no workflow is started (tests/workflow/webhooks.test.ts delivers).

let app: ApiApp;
let admin: { id: string; token: string };

beforeAll(async () => {
  app = await new ApiApp(undefined, { allowPrivateCallbacks: false }).start();
  admin = await app.as('admin');
});
afterAll(() => app.stop());

const SECRET = 'a-webhook-secret-1234';
const valid = { url: 'https://8.8.8.8/hooks/atende', events: ['chat.created', 'csat.received'], secret: SECRET };

async function nothingWritten() {
  expect(await app.db.webhook.count()).toBe(0);
  expect(await app.db.auditEntry.count({ where: { action: { startsWith: 'webhook.' } } })).toBe(0);
}

test.each([
  ['a private URL', { ...valid, url: 'http://10.1.2.3/hook' }, 'body.url'],
  ['the cloud metadata address', { ...valid, url: 'http://169.254.169.254/latest' }, 'body.url'],
  ['loopback', { ...valid, url: 'http://127.0.0.1:9/hook' }, 'body.url'],
  ['a URL that is not http(s)', { ...valid, url: 'ftp://8.8.8.8/x' }, 'body.url'],
  ['an unknown event', { ...valid, events: ['chat.created', 'chat.exploded'] }, 'body.events.1'],
  ['no events', { ...valid, events: [] }, 'body.events'],
  ['a repeated event', { ...valid, events: ['*', '*'] }, 'body.events'],
  ['a missing secret', { url: valid.url, events: valid.events }, 'body.secret'],
  ['a short secret', { ...valid, secret: 'short' }, 'body.secret'],
  ['an unknown field', { ...valid, retries: 3 }, 'body'],
])('%s is a 400 naming the field, and nothing is written', async (_what, body, path) => {
  const res = await app.request('POST', '/api/v1/webhooks', { token: admin.token, body });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_request');
  expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  await nothingWritten();
});

test.each(['supervisor', 'attendant'] as const)('a %s may not list, create or see deliveries: 403', async (role) => {
  const { token } = await app.as(role);
  for (const [method, path] of [
    ['GET', '/api/v1/webhooks'],
    ['POST', '/api/v1/webhooks'],
    ['GET', '/api/v1/webhooks/x/deliveries'],
    ['POST', '/api/v1/webhooks/x/deliveries/1/redeliver'],
  ] as const) {
    const res = await app.request(method, path, { token, ...(method === 'POST' ? { body: valid } : {}) });
    expect(res.status).toBe(403);
  }
  await nothingWritten();
  await app.expectAuthRequired('GET', '/api/v1/webhooks');
});

test('create, read, change and delete a subscription: the secret is sealed and never shown; each change audited once', async () => {
  const created = await app.request('POST', '/api/v1/webhooks', {
    token: admin.token,
    body: { ...valid, active: false },
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ url: valid.url, events: valid.events, active: false, secretSet: true });
  expect(JSON.stringify(created.body)).not.toContain(SECRET);
  const id = created.body.id as string;

  const row = await app.db.webhook.findUniqueOrThrow({ where: { id } });
  expect(row.secret).toMatch(/^enc:v1:/);
  expect(row.secret).not.toContain(SECRET);
  expect(TEST_SECRETS.open({ secret: row.secret }).secret).toBe(SECRET);

  const listed = await app.request('GET', '/api/v1/webhooks', { token: admin.token });
  expect(listed.body.items).toEqual([created.body]);
  expect(JSON.stringify(listed.body)).not.toContain(SECRET);

  // A bad change writes nothing either.
  const bad = await app.request('PATCH', `/api/v1/webhooks/${id}`, {
    token: admin.token,
    body: { url: 'http://192.168.0.10/hook' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].path).toBe('body.url');
  expect(await app.db.auditEntry.count({ where: { action: 'webhook.updated' } })).toBe(0);
  expect((await app.request('PATCH', `/api/v1/webhooks/${id}`, { token: admin.token, body: {} })).status).toBe(400);

  const changed = await app.request('PATCH', `/api/v1/webhooks/${id}`, {
    token: admin.token,
    body: { events: ['*'], secret: 'another-secret-5678' },
  });
  expect(changed.status).toBe(200);
  expect(changed.body.events).toEqual(['*']);
  const rotated = await app.db.webhook.findUniqueOrThrow({ where: { id } });
  expect(TEST_SECRETS.open({ secret: rotated.secret }).secret).toBe('another-secret-5678');

  expect((await app.request('GET', `/api/v1/webhooks/${id}/deliveries`, { token: admin.token })).body).toEqual({
    items: [],
    nextBefore: null,
  });
  expect(
    (await app.request('POST', `/api/v1/webhooks/${id}/deliveries/999/redeliver`, { token: admin.token })).status,
  ).toBe(404);

  expect((await app.request('DELETE', `/api/v1/webhooks/${id}`, { token: admin.token })).status).toBe(204);
  expect((await app.request('GET', `/api/v1/webhooks/${id}`, { token: admin.token })).status).toBe(404);

  const entries = await app.db.auditEntry.findMany({ where: { targetId: id }, orderBy: { id: 'asc' } });
  expect(entries.map((e) => e.action)).toEqual(['webhook.created', 'webhook.updated', 'webhook.deleted']);
  expect(entries.every((e) => e.actorId === admin.id)).toBe(true);
  expect(JSON.parse(entries[1]!.details)).toEqual({ fields: ['events', 'secret'], secretRotated: true });
  for (const e of entries) expect(e.details).not.toMatch(/secret-|8\.8\.8\.8/);
});
