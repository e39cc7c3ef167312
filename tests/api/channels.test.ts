import { signBody } from '../../src/channels/signature';
import { ApiApp } from '../helpers/apiApp';

const app = new ApiApp();
let admin: string;
let attendant: string;
beforeAll(async () => {
  await app.start();
  admin = (await app.as('admin')).token;
  attendant = (await app.as('attendant')).token;
});
afterAll(() => app.stop());

const api = {
  type: 'api',
  name: 'Site',
  secret: 'a-channel-secret-123',
  callbackUrl: 'http://127.0.0.1:4000/cb',
  department: 'suporte',
};

describe('POST /api/v1/channels', () => {
  test('requires authentication', () => app.expectAuthRequired('POST', '/api/v1/channels', api));

  test('requires an admin', async () => {
    expect((await app.request('POST', '/api/v1/channels', { token: attendant, body: api })).status).toBe(403);
  });

  test.each([
    ['a short secret', { ...api, secret: 'short' }, 'body.secret'],
    ['a callback that is not http(s)', { ...api, callbackUrl: 'ftp://x' }, 'body.callbackUrl'],
    ['an unknown type', { ...api, type: 'fax' }, 'body.type'],
    [
      'a WhatsApp number id with letters',
      { type: 'whatsapp', name: 'w', phoneNumberId: 'abc', accessToken: 't', appSecret: 's', verifyToken: 'v' },
      'body.phoneNumberId',
    ],
    ['an empty department', { ...api, department: '' }, 'body.department'],
  ])('%s → 400 naming the field, nothing written', async (_case, body, field) => {
    const res = await app.request('POST', '/api/v1/channels', { token: admin, body });
    expect(res.status).toBe(400);
    expect(res.body.error.message.startsWith(field)).toBe(true);
    expect(await app.db.channel.count()).toBe(0);
  });

  test('creates it with its department; the secret is never answered', async () => {
    const res = await app.request('POST', '/api/v1/channels', { token: admin, body: api });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'api', department: 'suporte', secretsSet: ['secret'] });
    expect(JSON.stringify(res.body)).not.toContain(api.secret);
    const listed = await app.request('GET', '/api/v1/channels', { token: admin });
    expect(JSON.stringify(listed.body)).not.toContain(api.secret);
    // At rest it is sealed; the webhook still verifies signatures with it.
    const row = await app.db.channel.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.credentials).not.toContain(api.secret);
    const raw = JSON.stringify({ type: 'NOT_AN_EVENT' });
    const webhook = (signature: string) =>
      app.request('POST', `/webhooks/api/${res.body.id}`, {
        raw,
        headers: { 'content-type': 'application/json', 'x-atende-signature': signature },
      });
    expect((await webhook(signBody(api.secret, raw))).status).toBe(400);
    expect((await webhook(signBody('another-secret-0123', raw))).status).toBe(401);
  });
});

describe('PATCH /api/v1/channels/:id', () => {
  test('requires authentication', () => app.expectAuthRequired('PATCH', '/api/v1/channels/x', { name: 'y' }));

  test('a field of another channel type → 400; an unknown channel → 404', async () => {
    const { id } = (await app.request('POST', '/api/v1/channels', { token: admin, body: { ...api, name: 'B' } })).body;
    const other = await app.request('PATCH', `/api/v1/channels/${id}`, { token: admin, body: { botToken: 'x' } });
    expect(other.status).toBe(400);
    expect((await app.request('PATCH', '/api/v1/channels/nope', { token: admin, body: { name: 'x' } })).status).toBe(
      404,
    );
  });
});

describe('the satisfaction survey settings (csat)', () => {
  test('on by default; PATCH turns it off or sets its window', async () => {
    const { id } = (await app.request('POST', '/api/v1/channels', { token: admin, body: { ...api, name: 'C' } })).body;
    const patched = await app.request('PATCH', `/api/v1/channels/${id}`, {
      token: admin,
      body: { csat: { enabled: false, window: '30 seconds' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.csat).toEqual({ enabled: false, window: '30 seconds' });
    const row = await app.db.channel.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(row.settings).csat).toEqual({ enabled: false, window: '30 seconds' });
  });

  test.each([
    ['a negative window', { window: '-5 minutes' }, 'body.csat.window'],
    ['a window that is not a duration', { window: 'soon' }, 'body.csat.window'],
    ['a window of no time', { window: '0 seconds' }, 'body.csat.window'],
    ['enabled that is not a boolean', { enabled: 'yes' }, 'body.csat.enabled'],
    ['an unknown key', { windows: '1 hour' }, 'body.csat'],
  ])('%s → 400 naming the field, nothing written', async (_case, csat, field) => {
    const { id } = (await app.request('POST', '/api/v1/channels', { token: admin, body: { ...api, name: 'D' } })).body;
    const before = await app.db.channel.findUniqueOrThrow({ where: { id } });
    const res = await app.request('PATCH', `/api/v1/channels/${id}`, { token: admin, body: { csat } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message.startsWith(field)).toBe(true);
    expect((await app.db.channel.findUniqueOrThrow({ where: { id } })).settings).toBe(before.settings);
  });

  test('a bad window at create → 400, nothing written', async () => {
    const count = await app.db.channel.count();
    const res = await app.request('POST', '/api/v1/channels', {
      token: admin,
      body: { ...api, name: 'E', csat: { window: '1 fortnight' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message.startsWith('body.csat.window')).toBe(true);
    expect(await app.db.channel.count()).toBe(count);
  });
});

describe('callbackUrl in production (SSRF guard)', () => {
  const production = new ApiApp(undefined, { allowPrivateCallbacks: false });
  let token: string;
  beforeAll(async () => {
    await production.start();
    token = (await production.as('admin')).token;
  });
  afterAll(() => production.stop());

  test.each([
    ['loopback', 'http://127.0.0.1:4000/cb'],
    ['a name for loopback', 'http://localhost:4000/cb'],
    ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data/'],
    ['a private network', 'http://10.0.0.5/cb'],
    ['IPv6 unique-local', 'http://[fd00::1]/cb'],
  ])('%s → 400 naming body.callbackUrl, nothing written', async (_case, callbackUrl) => {
    const res = await production.request('POST', '/api/v1/channels', { token, body: { ...api, callbackUrl } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^body\.callbackUrl: .*only public addresses/);
    expect(await production.db.channel.count()).toBe(0);
  });

  test('a public address is saved; changing it to a private one is refused and changes nothing', async () => {
    const created = await production.request('POST', '/api/v1/channels', {
      token,
      body: { ...api, callbackUrl: 'https://200.147.67.142/cb' },
    });
    expect(created.status).toBe(201);
    const res = await production.request('PATCH', `/api/v1/channels/${created.body.id}`, {
      token,
      body: { callbackUrl: 'http://192.168.0.10/cb' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message.startsWith('body.callbackUrl')).toBe(true);
    const row = await production.db.channel.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(JSON.parse(row.settings).callbackUrl).toBe('https://200.147.67.142/cb');
  });
});
