import { ApiApp } from '../helpers/apiApp';

// Who may read which chat: an attendant their own, the queue they serve, and
// chats they took part in; supervisors and admins everything.

const app = new ApiApp();
let me: { id: string; token: string };
let boss: { token: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  await app.start();
  me = await app.as('attendant', { department: 'vendas' });
  const other = await app.as('attendant', { department: 'vendas' });
  boss = await app.as('supervisor');
  const { channelId } = await app.seedChats(
    {
      mine: { attendantId: me.id },
      theirs: { attendantId: other.id },
      'queued-here': { status: 'transferred', queuedAt: new Date(), department: 'vendas' },
      'queued-elsewhere': { status: 'transferred', queuedAt: new Date(), department: 'suporte' },
      'wrote-in': { attendantId: other.id },
      'transferred-away': { attendantId: other.id },
    },
    'Private Person',
  );
  await app.db.message.create({
    data: {
      id: 'm1',
      chatId: 'wrote-in',
      channelId,
      sender: 'attendant',
      attendantId: me.id,
      content: 'oi',
      createdAt: new Date(),
    },
  });
  await app.db.statusChange.create({
    data: {
      id: 'transferred-away:3',
      chatId: 'transferred-away',
      seq: 3,
      to: 'transferred',
      actor: `attendant:${me.id}`,
      at: new Date(),
    },
  });
  await app.db.message.create({
    data: {
      id: 'm2',
      chatId: 'theirs',
      channelId,
      sender: 'customer',
      content: 'segredo',
      createdAt: new Date(),
      media: JSON.stringify({ ref: 'f' }),
    },
  });
  Object.assign(ids, { channel: channelId });
});
afterAll(() => app.stop());

const READABLE = ['mine', 'queued-here', 'wrote-in', 'transferred-away'];

test('an attendant lists only the chats they may read', async () => {
  const res = await app.request('GET', '/api/v1/chats?limit=100', { token: me.token });
  expect(res.status).toBe(200);
  expect(res.body.items.map((c: { id: string }) => c.id).sort()).toEqual([...READABLE].sort());
});

test("another attendant's chat is a 404 to them, with its messages and files", async () => {
  expect((await app.request('GET', '/api/v1/chats/theirs', { token: me.token })).status).toBe(404);
  expect((await app.request('GET', '/api/v1/chats/queued-elsewhere', { token: me.token })).status).toBe(404);
  const messages = await app.request('GET', '/api/v1/messages?chatId=theirs', { token: me.token });
  expect(messages.body.items).toEqual([]);
  expect((await app.request('GET', '/api/v1/messages/m2/media', { token: me.token })).status).toBe(404);
  for (const id of READABLE)
    expect((await app.request('GET', `/api/v1/chats/${id}`, { token: me.token })).status).toBe(200);
});

test('a supervisor reads every chat', async () => {
  const res = await app.request('GET', '/api/v1/chats?limit=100', { token: boss.token });
  expect(res.body.items).toHaveLength(6);
  expect((await app.request('GET', '/api/v1/chats/theirs', { token: boss.token })).status).toBe(200);
  const messages = await app.request('GET', '/api/v1/messages?chatId=theirs', { token: boss.token });
  expect(messages.body.items).toHaveLength(1);
});
