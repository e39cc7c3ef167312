import { ApiApp } from '../helpers/apiApp';

// The settings and the dry run answer from the database alone; a run needs
// Temporal (tests/workflow/retention.test.ts runs one).
const app = new ApiApp();
let admin: { id: string; token: string };
let supervisor: { token: string };
let channelId: string;
beforeAll(async () => {
  await app.start();
  admin = await app.as('admin');
  supervisor = await app.as('supervisor');
  channelId = await app.addChannel('api');
});
afterAll(() => app.stop());

const KEEP_FOREVER = { closedChatsDays: null, mediaDays: null, auditDays: null, channels: {} };

test('requires authentication', async () => {
  await app.expectAuthRequired('GET', '/api/v1/retention');
  await app.expectAuthRequired('PUT', '/api/v1/retention', KEEP_FOREVER);
  await app.expectAuthRequired('POST', '/api/v1/retention/run?dryRun=true');
});

test('admins only: a supervisor gets 403 and changes nothing', async () => {
  expect((await app.request('GET', '/api/v1/retention', { token: supervisor.token })).status).toBe(403);
  const put = await app.request('PUT', '/api/v1/retention', {
    token: supervisor.token,
    body: { ...KEEP_FOREVER, closedChatsDays: 1 },
  });
  expect(put.status).toBe(403);
  expect((await app.request('POST', '/api/v1/retention/run?dryRun=true', { token: supervisor.token })).status).toBe(
    403,
  );
  expect(await app.db.setting.count({ where: { key: 'retention' } })).toBe(0);
  expect(await app.db.auditEntry.count()).toBe(0);
});

test.each([
  ['zero days', { closedChatsDays: 0 }, 'body.closedChatsDays'],
  ['a fraction of a day', { mediaDays: 1.5 }, 'body.mediaDays'],
  ['days as text', { auditDays: '30' }, 'body.auditDays'],
  ['an unknown field', { keepForever: true }, 'body'],
  ['an unknown channel', { channels: { 'no-such-channel': { closedChatsDays: 30 } } }, 'body.channels.no-such-channel'],
  ['a bad override', { channels: { CHANNEL: { mediaDays: -1 } } }, 'body.channels.CHANNEL.mediaDays'],
  ['audit days per channel', { channels: { CHANNEL: { auditDays: 30 } } }, 'body.channels.CHANNEL'],
])('%s → 400 naming the field, nothing written', async (_case, body, field) => {
  const withChannel = JSON.parse(JSON.stringify(body).replaceAll('CHANNEL', channelId)) as object;
  const res = await app.request('PUT', '/api/v1/retention', { token: admin.token, body: withChannel });
  expect(res.status).toBe(400);
  const error = (res.body as { error: { code: string; details: Array<{ path: string }> } }).error;
  expect(error.code).toBe('invalid_request');
  expect(error.details[0]!.path).toBe(field.replace('CHANNEL', channelId));
  expect(await app.db.setting.count({ where: { key: 'retention' } })).toBe(0);
  expect(await app.db.auditEntry.count({ where: { action: 'retention.updated' } })).toBe(0);
});

test('a bad dryRun → 400 naming the query field', async () => {
  const res = await app.request('POST', '/api/v1/retention/run?dryRun=yes', { token: admin.token });
  expect(res.status).toBe(400);
  expect((res.body as { error: { details: Array<{ path: string }> } }).error.details[0]!.path).toBe('query.dryRun');
});

test('keeps everything until set; PUT replaces the settings, GET reads them, the change is audited', async () => {
  expect((await app.request('GET', '/api/v1/retention', { token: admin.token })).body).toEqual(KEEP_FOREVER);
  const settings = {
    closedChatsDays: 365,
    mediaDays: 90,
    auditDays: 1825,
    channels: { [channelId]: { closedChatsDays: null, mediaDays: 30 } },
  };
  const put = await app.request('PUT', '/api/v1/retention', { token: admin.token, body: settings });
  expect(put.status).toBe(200);
  expect(put.body).toEqual(settings);
  expect((await app.request('GET', '/api/v1/retention', { token: admin.token })).body).toEqual(settings);
  const entries = await app.db.auditEntry.findMany({ where: { action: 'retention.updated' } });
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ actorType: 'attendant', actorId: admin.id, targetId: 'retention' });
  expect(JSON.parse(entries[0]!.details)).toEqual({ before: KEEP_FOREVER, after: settings });
});

test('the dry run counts what would go and removes nothing', async () => {
  const { channelId: seeded } = await app.seedChats({
    'dry-old': { status: 'resolved', startedAt: new Date('2020-01-01'), closedAt: new Date('2020-01-02') },
    'dry-new': { status: 'resolved', closedAt: new Date() },
  });
  await app.db.message.create({
    data: {
      id: 'dry-m1',
      chatId: 'dry-old',
      channelId: seeded,
      sender: 'customer',
      content: 'olá',
      createdAt: new Date('2020-01-01'),
    },
  });
  await app.request('PUT', '/api/v1/retention', { token: admin.token, body: { closedChatsDays: 30 } });
  const res = await app.request('POST', '/api/v1/retention/run?dryRun=true', { token: admin.token });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    dryRun: true,
    counts: { chats: 1, messages: 1, notes: 0, events: 0, mediaMessages: 0, files: 0, auditEntries: 0 },
  });
  expect(await app.db.message.count({ where: { id: 'dry-m1' } })).toBe(1);
  expect((await app.db.chat.findUniqueOrThrow({ where: { id: 'dry-old' } })).anonymisedAt).toBeNull();
  expect(await app.db.auditEntry.count({ where: { action: 'retention.run' } })).toBe(0);
});

test('a run with Temporal down is a 503, not a 500', async () => {
  const res = await app.request('POST', '/api/v1/retention/run', { token: admin.token });
  expect(res.status).toBe(503);
}, 60_000);
