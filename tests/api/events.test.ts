import { createChatActivities } from '../../activities/chatStore';
import { createChatChangeActivities } from '../../activities/chatChanges';
import { takeSeat } from '../../src/assignment/seats';
import { Bot } from '../../src/bot/bot';
import { KeywordClassifier } from '../../src/bot/classifier';
import { DbKnowledge } from '../../src/bot/knowledge/knowledgeSource';
import type { Db } from '../../src/db/client';
import { ApiApp } from '../helpers/apiApp';
import { TEST_SECRETS, testChannelSenders } from '../helpers/channelServices';
import { SseClient } from '../helpers/sseClient';

// Live events: written by the real activity functions (as a worker would),
// read over real HTTP as Server-Sent Events from one or two API processes.

const app = new ApiApp();
const second = new ApiApp(app);
let channelId: string;
const clients: SseClient[] = [];
let n = 0;

beforeAll(async () => {
  await app.start();
  await second.start();
  channelId = (await app.db.channel.create({ data: { type: 'api', name: 'c' } })).id;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await second.stop();
  await app.stop();
});

async function listen(token: string, opts: { on?: ApiApp; lastEventId?: string; query?: boolean } = {}) {
  const on = opts.on ?? app;
  const url = `${on.url}/api/v1/events${opts.query ? `?access_token=${token}` : ''}`;
  const headers: Record<string, string> = opts.query ? {} : { authorization: `Bearer ${token}` };
  if (opts.lastEventId) headers['last-event-id'] = opts.lastEventId;
  const client = await SseClient.open(url, headers);
  clients.push(client);
  // The first frame (`retry:`) says the stream is subscribed.
  const deadline = Date.now() + 2_000;
  while (client.frames.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return client;
}

/** A chat opened and a customer message taken in, through the activities a worker runs. */
async function openChat(db: Db = app.db) {
  const chatId = `chat-${++n}`;
  const activities = createChatActivities({ db });
  await activities.recordChat({
    chatId,
    workflowId: `wf-${chatId}`,
    channelId,
    externalChatId: chatId,
    startedAt: new Date().toISOString(),
    entry: { seq: 1, at: new Date().toISOString(), from: null, to: 'waiting', actor: 'channel' },
  });
  return chatId;
}
function changes(db: Db = app.db) {
  const bot = new Bot({
    classifier: new KeywordClassifier(),
    knowledge: new DbKnowledge(db),
    timeZone: 'America/Sao_Paulo',
  });
  return createChatChangeActivities({ db, bot, senders: testChannelSenders(), secrets: TEST_SECRETS });
}
const inbound = (chatId: string, text: string) => ({
  chatId,
  channelId,
  sender: 'customer' as const,
  classify: false,
  message: {
    channelMessageId: `${chatId}-${text}`,
    direction: 'received' as const,
    type: 'text' as const,
    content: text,
    sentAt: new Date().toISOString(),
    receivedAt: new Date().toISOString(),
  },
});

test('requires authentication: 401 with the JSON error shape', async () => {
  await app.expectAuthRequired('GET', '/api/v1/events');
  const res = await fetch(`${app.url}/api/v1/events?access_token=forged`);
  expect(res.status).toBe(401);
});

test('events arrive in order, each with its id, type and chat id; the token may come in the query', async () => {
  const { token } = await app.as('supervisor');
  const client = await listen(token, { query: true });
  expect(client.headers!.get('content-type')).toMatch(/^text\/event-stream/);
  const chatId = await openChat();
  await changes().receiveMessage(inbound(chatId, 'oi'));
  await changes().applyChatChanges({
    chatId,
    entries: [{ seq: 2, at: new Date().toISOString(), from: 'waiting', to: 'in_progress', actor: 'customer' }],
    outbound: [
      {
        messageId: `${chatId}-out-1`,
        chatId,
        channelId,
        externalChatId: chatId,
        sender: 'bot',
        content: 'Olá!',
        attendantId: null,
        createdAt: new Date().toISOString(),
      },
    ],
    chat: { status: 'in_progress', priority: 'normal', context: {} },
  });
  const events = (await client.waitFor(4)).filter((e) => JSON.parse(e.data).chatId === chatId);
  expect(events.map((e) => e.event)).toEqual(['chat.created', 'message.created', 'chat.status', 'message.created']);
  const ids = events.map((e) => Number(e.id));
  expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  expect(JSON.parse(events[2]!.data)).toEqual({ chatId, from: 'waiting', to: 'in_progress', actor: 'customer' });
});

test('a client reconnecting with Last-Event-ID gets what it missed, once, then the live stream', async () => {
  const { token } = await app.as('admin');
  const first = await listen(token);
  const chatId = await openChat();
  const [seen] = await first.waitFor(1);
  await first.close();

  await changes().receiveMessage(inbound(chatId, 'um'));
  await changes().receiveMessage(inbound(chatId, 'dois'));
  const again = await listen(token, { lastEventId: seen!.id! });
  await changes().receiveMessage(inbound(chatId, 'três'));
  const events = await again.waitFor(3);
  await new Promise((r) => setTimeout(r, 300));
  const mine = again.events.filter((e) => JSON.parse(e.data).chatId === chatId);
  expect(mine.map((e) => JSON.parse(e.data).messageId)).toEqual([
    `${chatId}-in-${chatId}-um`,
    `${chatId}-in-${chatId}-dois`,
    `${chatId}-in-${chatId}-três`,
  ]);
  expect(events.every((e) => Number(e.id) > Number(seen!.id))).toBe(true);
});

test('an attendant sees the chats they hold and the queue they serve; a supervisor sees everything', async () => {
  const me = await app.as('attendant', { department: 'vendas', maxConcurrent: 5 });
  const other = await app.as('attendant', { department: 'vendas', maxConcurrent: 5 });
  const boss = await app.as('supervisor');
  const mine = await listen(me.token);
  const all = await listen(boss.token);

  const held = await openChat();
  const othersChat = await openChat();
  const queuedHere = await openChat();
  const queuedElsewhere = await openChat();
  expect(await takeSeat(app.db, { chatId: held, attendantId: me.id, by: 'command' })).toBe('taken');
  expect(await takeSeat(app.db, { chatId: othersChat, attendantId: other.id, by: 'command' })).toBe('taken');
  await app.db.chat.update({ where: { id: queuedHere }, data: { queuedAt: new Date(), department: 'vendas' } });
  await app.db.chat.update({ where: { id: queuedElsewhere }, data: { queuedAt: new Date(), department: 'suporte' } });
  for (const chatId of [held, othersChat, queuedHere, queuedElsewhere]) {
    await changes().receiveMessage(inbound(chatId, 'oi'));
  }
  await all.waitFor(10);
  await new Promise((r) => setTimeout(r, 300));
  const chatsOf = (client: SseClient) => new Set(client.events.map((e) => JSON.parse(e.data).chatId as string));
  expect(chatsOf(mine)).toEqual(new Set([held, queuedHere]));
  expect([...chatsOf(all)]).toEqual(expect.arrayContaining([held, othersChat, queuedHere, queuedElsewhere]));
  expect(mine.events.some((e) => e.event === 'chat.assigned' && JSON.parse(e.data).attendantId === me.id)).toBe(true);
});

test('a second API process streams what the first one (or a worker) wrote', async () => {
  const { token } = await second.as('admin');
  const client = await listen(token, { on: second });
  const chatId = await openChat(app.db);
  const [event] = await client.waitFor(1);
  expect(event).toMatchObject({ event: 'chat.created' });
  expect(JSON.parse(event!.data).chatId).toBe(chatId);
});

describe('a stream lasts only as long as what opened it', () => {
  /** A chat waiting in `department`'s queue, so its events reach that department's attendants. */
  async function queuedIn(department: string) {
    const chatId = await openChat();
    await app.db.chat.update({ where: { id: chatId }, data: { queuedAt: new Date(), department } });
    return chatId;
  }
  const chatsOf = (client: SseClient) => client.events.map((e) => JSON.parse(e.data).chatId as string);
  const settle = () => new Promise((r) => setTimeout(r, 400));

  test.each([
    ['their password is changed', { password: 'lanterna-azul-de-vidro' }],
    ['they are demoted', { role: 'attendant' }],
    ['they are deactivated', { active: false }],
  ])('a stream ends when %s; the old token opens none', async (_, change) => {
    const admin = await app.as('admin');
    const me = await app.as('supervisor', { department: 'vendas' });
    const stream = await listen(me.token);
    const res = await app.request('PATCH', `/api/v1/attendants/${me.id}`, { token: admin.token, body: change });
    expect(res.status).toBe(200);
    expect(await stream.waitForEnd(3_000)).toBe(true);
    const again = await SseClient.open(`${app.url}/api/v1/events`, { authorization: `Bearer ${me.token}` });
    clients.push(again);
    expect(again.status).toBe(401);
  });

  test('a deactivated attendant gets no event written after it, and the stream ends', async () => {
    const admin = await app.as('admin');
    const me = await app.as('attendant', { department: 'vendas', maxConcurrent: 5 });
    const stream = await listen(me.token);
    const chatId = await queuedIn('vendas');
    await changes().receiveMessage(inbound(chatId, 'antes'));
    await stream.waitFor(1);
    const seen = stream.events.length;

    expect((await app.request('DELETE', `/api/v1/attendants/${me.id}`, { token: admin.token })).status).toBe(204);
    await changes().receiveMessage(inbound(chatId, 'depois'));
    expect(await stream.waitForEnd(3_000)).toBe(true);
    expect(stream.events).toHaveLength(seen);
  });

  test("a supervisor demoted to attendant stops getting another department's events on the same open stream", async () => {
    const me = await app.as('supervisor', { department: 'vendas', maxConcurrent: 5 });
    const stream = await listen(me.token);
    const elsewhere = await queuedIn('suporte');
    const here = await queuedIn('vendas');
    await changes().receiveMessage(inbound(elsewhere, 'um'));
    await stream.waitFor(3);
    expect(chatsOf(stream)).toContain(elsewhere);

    // Demoted where no token is revoked (the API's role change also revokes, as above): the stream narrows.
    await app.db.attendant.update({ where: { id: me.id }, data: { role: 'attendant' } });
    const before = stream.events.length;
    await changes().receiveMessage(inbound(elsewhere, 'dois'));
    await changes().receiveMessage(inbound(here, 'dois'));
    await settle();
    expect(stream.ended).toBe(false);
    expect(chatsOf(stream).slice(before)).toEqual([here]);
  });

  test("an attendant moved to another department gets that department's queue, not the old one's", async () => {
    const admin = await app.as('admin');
    const me = await app.as('attendant', { department: 'vendas', maxConcurrent: 5 });
    const stream = await listen(me.token);
    const vendas = await queuedIn('vendas');
    const suporte = await queuedIn('suporte');
    await changes().receiveMessage(inbound(vendas, 'um'));
    await changes().receiveMessage(inbound(suporte, 'um'));
    await stream.waitFor(2);
    await settle();
    expect(new Set(chatsOf(stream))).toEqual(new Set([vendas]));

    const moved = await app.request('PATCH', `/api/v1/attendants/${me.id}`, {
      token: admin.token,
      body: { department: 'suporte' },
    });
    expect(moved.status).toBe(200);
    const before = stream.events.length;
    await changes().receiveMessage(inbound(vendas, 'dois'));
    await changes().receiveMessage(inbound(suporte, 'dois'));
    await settle();
    expect(stream.ended).toBe(false);
    expect(chatsOf(stream).slice(before)).toEqual([suporte]);
  });

  test('a stream ends by itself when its access token expires; that token opens none', async () => {
    const me = await app.as('supervisor', {}, { ttlSeconds: 2 });
    const opened = Date.now();
    const stream = await listen(me.token);
    const chatId = await openChat();
    const [event] = await stream.waitFor(1);
    expect(JSON.parse(event!.data).chatId).toBe(chatId);
    expect(stream.ended).toBe(false);

    expect(await stream.waitForEnd(4_000)).toBe(true);
    // JWT expiry is in whole seconds: issued at a second's start, the token lasts 1 to 2 s.
    expect(Date.now() - opened).toBeGreaterThanOrEqual(900);
    const again = await SseClient.open(`${app.url}/api/v1/events`, { authorization: `Bearer ${me.token}` });
    clients.push(again);
    expect(again.status).toBe(401);
  });
});
