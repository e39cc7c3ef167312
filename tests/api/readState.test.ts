import { ApiApp } from '../helpers/apiApp';
import { unreadCounts } from '../../src/chats/readState';

// Read state (docs/api.md, "Read state"): POST /api/v1/chats/:id/read and
// the `unread` of the chat list, the detail and the queue, per attendant.
const app = new ApiApp();
let ana: { id: string; token: string };
let bia: { id: string; token: string };
let sup: { id: string; token: string };
let channelId: string;
const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

async function message(chatId: string, id: string, sender: string, minutes: number) {
  await app.db.message.create({ data: { id, chatId, channelId, sender, content: id, createdAt: at(minutes) } });
}

beforeAll(async () => {
  await app.start();
  ana = await app.as('attendant');
  bia = await app.as('attendant');
  sup = await app.as('supervisor');
  ({ channelId } = await app.seedChats({
    'held-ana': { attendantId: ana.id, startedAt: at(0) },
    'held-bia': { attendantId: bia.id, startedAt: at(1) },
    queued: { status: 'transferred', queuedAt: at(2), startedAt: at(2) },
  }));
  // Ana's chat: three customer messages between the bot's and hers.
  await message('held-ana', 'ana-c1', 'customer', 1);
  await message('held-ana', 'ana-b1', 'bot', 2);
  await message('held-ana', 'ana-c2', 'customer', 3);
  await message('held-ana', 'ana-a1', 'attendant', 4);
  await message('held-ana', 'ana-c3', 'customer', 5);
  await message('held-bia', 'bia-c1', 'customer', 1);
  await message('queued', 'q-c1', 'customer', 1);
  await message('queued', 'q-c2', 'customer', 2);
});
afterAll(() => app.stop());

const unreadInList = async (token: string) =>
  Object.fromEntries(
    ((await app.request('GET', '/api/v1/chats', { token })).body.items as { id: string; unread: number }[]).map((c) => [
      c.id,
      c.unread,
    ]),
  );
const detail = async (token: string, chatId: string) =>
  (await app.request('GET', `/api/v1/chats/${chatId}`, { token })).body as { unread: number };
const read = (token: string, chatId: string, body?: unknown) =>
  app.request('POST', `/api/v1/chats/${chatId}/read`, { token, ...(body !== undefined ? { body } : {}) });
const rows = () => app.db.chatRead.findMany({ orderBy: [{ attendantId: 'asc' }, { chatId: 'asc' }] });

test('requires authentication', () => app.expectAuthRequired('POST', '/api/v1/chats/held-ana/read'));

test('before any read, every customer message is unread, in the list and the detail, for each reader', async () => {
  expect(await unreadInList(ana.token)).toEqual({ 'held-ana': 3, queued: 2 });
  expect(await unreadInList(sup.token)).toEqual({ 'held-ana': 3, 'held-bia': 1, queued: 2 });
  expect((await detail(ana.token, 'held-ana')).unread).toBe(3);
  const queue = (await app.request('GET', '/api/v1/queue', { token: ana.token })).body.items;
  expect(queue).toEqual([expect.objectContaining({ chatId: 'queued', unread: 2 })]);
});

test('a read up to a message counts what came after it; only for the reader', async () => {
  const res = await read(ana.token, 'held-ana', { messageId: 'ana-c2' });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    chatId: 'held-ana',
    lastReadMessageId: 'ana-c2',
    lastReadAt: at(3).toISOString(),
    unread: 1,
  });
  expect((await detail(ana.token, 'held-ana')).unread).toBe(1);
  expect((await unreadInList(ana.token))['held-ana']).toBe(1);
  // The supervisor has read nothing yet.
  expect((await unreadInList(sup.token))['held-ana']).toBe(3);
});

test('a read never moves back', async () => {
  const res = await read(ana.token, 'held-ana', { messageId: 'ana-c1' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ lastReadMessageId: 'ana-c2', unread: 1 });
  expect(
    (await app.db.chatRead.findUnique({ where: { attendantId_chatId: { attendantId: ana.id, chatId: 'held-ana' } } }))
      ?.lastReadMessageId,
  ).toBe('ana-c2');
});

test('without a body (or with an empty one) the chat is read up to its latest message', async () => {
  const res = await read(ana.token, 'held-ana');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ lastReadMessageId: 'ana-c3', unread: 0 });
  expect((await unreadInList(ana.token))['held-ana']).toBe(0);
  expect((await read(sup.token, 'held-ana', {})).body).toMatchObject({ lastReadMessageId: 'ana-c3', unread: 0 });

  // A new customer message is unread again, for both.
  await message('held-ana', 'ana-c4', 'customer', 6);
  expect((await unreadInList(ana.token))['held-ana']).toBe(1);
  expect((await detail(sup.token, 'held-ana')).unread).toBe(1);
  // Our side's messages never count.
  await message('held-ana', 'ana-a2', 'attendant', 7);
  expect((await detail(sup.token, 'held-ana')).unread).toBe(1);
});

test('messages of the same instant are ordered by id, as the detail lists them', async () => {
  await app.seedChats({ tie: { attendantId: ana.id, startedAt: at(3) } });
  for (const id of ['tie-1', 'tie-2', 'tie-3']) await message('tie', id, 'customer', 10);
  expect((await read(ana.token, 'tie', { messageId: 'tie-2' })).body).toMatchObject({ unread: 1 });
  expect((await read(ana.token, 'tie', { messageId: 'tie-1' })).body).toMatchObject({
    lastReadMessageId: 'tie-2',
    unread: 1,
  });
});

test('concurrent reads (two tabs) end at the furthest place, whatever order they land in', async () => {
  await app.seedChats({ race: { attendantId: ana.id, startedAt: at(5) } });
  const ids = Array.from({ length: 12 }, (_, i) => `race-${String(i).padStart(2, '0')}`);
  for (const [i, id] of ids.entries()) await message('race', id, 'customer', 30 + i);
  const shuffled = [...ids].sort(() => Math.random() - 0.5);
  const answers = await Promise.all(shuffled.map((messageId) => read(ana.token, 'race', { messageId })));
  expect(answers.map((a) => a.status)).toEqual(shuffled.map(() => 200));
  expect((await read(ana.token, 'race', { messageId: ids[0] })).body).toMatchObject({
    lastReadMessageId: ids.at(-1),
    unread: 0,
  });
});

test('a chat the caller may not read is a 404, and nothing is written', async () => {
  const before = await rows();
  for (const chatId of ['held-bia', 'nope']) {
    const res = await read(ana.token, chatId, { messageId: 'bia-c1' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  }
  expect(await rows()).toEqual(before);
});

test.each([
  ['a number', { messageId: 42 }],
  ['an empty string', { messageId: '' }],
  ['a message of another chat', { messageId: 'bia-c1' }],
  ['an unknown message', { messageId: 'no-such-message' }],
])('messageId as %s → 400 naming body.messageId, nothing written', async (_, body) => {
  const before = await rows();
  const res = await read(sup.token, 'queued', body);
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_request');
  expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'body.messageId' })]);
  expect(await rows()).toEqual(before);
});

test('an unknown field → 400, nothing written', async () => {
  const before = await rows();
  const res = await read(sup.token, 'queued', { messageId: 'q-c1', upTo: 'now' });
  expect(res.status).toBe(400);
  expect(res.body.error.details[0].path).toBe('body');
  expect(await rows()).toEqual(before);
});

test('a chat without messages reads as nothing unread and writes nothing', async () => {
  await app.seedChats({ silent: { attendantId: ana.id, startedAt: at(4) } });
  const res = await read(ana.token, 'silent');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ chatId: 'silent', lastReadMessageId: null, lastReadAt: null, unread: 0 });
  expect(await app.db.chatRead.count({ where: { chatId: 'silent' } })).toBe(0);
});

test('counts for more chats than one grouped query takes (a long queue)', async () => {
  const chats = Object.fromEntries(Array.from({ length: 230 }, (_, i) => [`many-${i}`, { startedAt: at(20) }]));
  const { contactId } = await app.seedChats({});
  await app.db.chat.createMany({
    data: Object.keys(chats).map((id) => ({
      id,
      workflowId: id,
      channelId,
      externalChatId: id,
      contactId,
      status: 'transferred',
      startedAt: at(20),
    })),
  });
  await app.db.message.createMany({
    data: Object.keys(chats).flatMap((chatId, i) =>
      Array.from({ length: (i % 3) + 1 }, (_, n) => ({
        id: `${chatId}-m${n}`,
        chatId,
        channelId,
        sender: 'customer',
        content: 'oi',
        createdAt: at(21 + n),
      })),
    ),
  });
  // Read the first message of every tenth chat.
  for (let i = 0; i < 230; i += 10) {
    expect((await read(sup.token, `many-${i}`, { messageId: `many-${i}-m0` })).status).toBe(200);
  }
  const counts = await unreadCounts(app.db, sup.id, Object.keys(chats));
  expect(counts.size).toBe(230 - 23 + [...Array(23).keys()].filter((k) => (k * 10) % 3 !== 0).length);
  for (let i = 0; i < 230; i++) {
    const total = (i % 3) + 1;
    expect(counts.get(`many-${i}`) ?? 0).toBe(i % 10 === 0 ? total - 1 : total);
  }
}, 60_000);
