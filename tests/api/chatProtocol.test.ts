import { ApiApp } from '../helpers/apiApp';

// Protocol numbers in the chat list and detail, and the exact `?protocol=` filter.
const app = new ApiApp();
let token: string;
beforeAll(async () => {
  await app.start();
  ({ token } = await app.as('supervisor'));
  const channel = await app.db.channel.create({ data: { type: 'api', name: 'c' } });
  const contact = await app.db.contact.create({
    data: { identities: { create: { channelId: channel.id, externalId: 'c' } } },
  });
  for (const [id, protocol] of [
    ['chat-41', '20261201000041'],
    ['chat-42', '20261201000042'],
    ['chat-420', '20261201000420'],
  ] as const) {
    await app.db.chat.create({
      data: {
        id,
        protocol,
        workflowId: `wf-${id}`,
        channelId: channel.id,
        externalChatId: id,
        contactId: contact.id,
        status: 'transferred',
        startedAt: new Date(),
      },
    });
  }
});
afterAll(() => app.stop());

const ids = (body: { items: Array<{ id: string }> }) => body.items.map((c) => c.id);

test('the list and the detail show each chat its protocol', async () => {
  const list = await app.request('GET', '/api/v1/chats', { token });
  expect(Object.fromEntries(list.body.items.map((c: { id: string; protocol: string }) => [c.id, c.protocol]))).toEqual({
    'chat-41': '20261201000041',
    'chat-42': '20261201000042',
    'chat-420': '20261201000420',
  });
  const detail = await app.request('GET', '/api/v1/chats/chat-42', { token });
  expect(detail.body.protocol).toBe('20261201000042');
});

test.each(['20261201000042', '2026.1201-000042', '2026 1201 000042'])(
  '?protocol=%s finds exactly that chat',
  async (protocol) => {
    const res = await app.request('GET', `/api/v1/chats?protocol=${encodeURIComponent(protocol)}`, { token });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(['chat-42']);
  },
);

test('a protocol no chat has finds nothing (no prefix match)', async () => {
  const res = await app.request('GET', '/api/v1/chats?protocol=2026120100004', { token });
  expect(ids(res.body)).toEqual([]);
});

test.each(['abc', '--'])('?protocol=%s → 400 naming the parameter', async (protocol) => {
  const res = await app.request('GET', `/api/v1/chats?protocol=${protocol}`, { token });
  expect(res.status).toBe(400);
  expect(res.body.error.message.startsWith('query.protocol')).toBe(true);
});
