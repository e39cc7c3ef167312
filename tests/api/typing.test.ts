import { ApiApp } from '../helpers/apiApp';
import { FakeBotApi } from '../fakes/telegramBotApi';
import { FakeGraphApi } from '../fakes/graphApi';
import { FAKE_BOT_TOKEN } from '../helpers/channelServices';
import { PHONE_NUMBER_ID } from '../helpers/whatsappPayloads';
import { waitFor } from '../helpers/wait';
import { TYPING_INTERVAL_MS } from '../../src/channels/typing';

// The customer sees someone is there: POST /api/v1/chats/:id/typing (Telegram's
// typing action, WhatsApp's typing indicator), throttled per chat; WhatsApp
// read receipts when the chat's attendant opens it, once per message; the
// 24-hour window in the chat detail. Against stand-ins of both providers.

const ACCESS_TOKEN = 'EAAGtypingTestToken0123456789';
const graph = new FakeGraphApi(ACCESS_TOKEN);
const telegram = new FakeBotApi();
let app: ApiApp;
let telegramChannel: string;
let whatsappChannel: string;
let apiChannel: string;
let ana: { id: string; token: string };
let counter = 0;

async function chatOn(
  channelId: string,
  data: { attendantId?: string | null; status?: string; externalChatId?: string; department?: string } = {},
): Promise<string> {
  const id = `chat-typing-${++counter}`;
  const contact = await app.db.contact.create({ data: { name: `Cliente ${counter}` } });
  await app.db.chat.create({
    data: {
      id,
      workflowId: id,
      channelId,
      externalChatId: data.externalChatId ?? String(5511999000000 + counter),
      contactId: contact.id,
      status: data.status ?? 'in_progress',
      attendantId: data.attendantId === undefined ? ana.id : data.attendantId,
      department: data.department ?? null,
      startedAt: new Date(),
    },
  });
  return id;
}

/** A customer's message, `hoursAgo` hours old. */
async function customerSays(chatId: string, channelId: string, channelMessageId: string, hoursAgo = 0) {
  await app.db.message.create({
    data: {
      id: `${chatId}-in-${channelMessageId}`,
      chatId,
      channelId,
      sender: 'customer',
      content: 'oi',
      channelMessageId,
      createdAt: new Date(Date.now() - hoursAgo * 3600_000),
    },
  });
}

const typing = (chatId: string, token = ana.token) => app.request('POST', `/api/v1/chats/${chatId}/typing`, { token });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await graph.start();
  await telegram.start();
  app = await new ApiApp(undefined, {
    channelServices: { whatsappApiUrl: graph.apiUrl, telegramApiRoot: telegram.url },
  }).start();
  ana = await app.as('attendant');
  telegramChannel = await app.addChannel('telegram', { mode: 'webhook' }, { botToken: FAKE_BOT_TOKEN, secret: 's' });
  whatsappChannel = await app.addChannel(
    'whatsapp',
    { phoneNumberId: PHONE_NUMBER_ID },
    { accessToken: ACCESS_TOKEN, appSecret: 'app-secret', verifyToken: 'verify' },
  );
  apiChannel = await app.addChannel('api', { callbackUrl: 'http://127.0.0.1:9/' }, { secret: 's' });
});

afterAll(async () => {
  await app?.stop();
  await graph.stop();
  await telegram.stop();
});

test('requires authentication', async () => {
  await app.expectAuthRequired('POST', '/api/v1/chats/any/typing');
});

test('Telegram: many keystrokes make one typing action per chat every 5 s', async () => {
  const chatId = await chatOn(telegramChannel, { externalChatId: '777001' });
  const other = await chatOn(telegramChannel, { externalChatId: '777002' });
  for (let i = 0; i < 12; i++) expect((await typing(chatId)).status).toBe(204);
  expect((await typing(other)).status).toBe(204);
  const actions = await waitFor(
    () => Promise.resolve(telegram.callsOf('sendChatAction')),
    (calls) => calls.length >= 2,
  );
  await sleep(300);
  expect(telegram.callsOf('sendChatAction')).toHaveLength(2);
  expect(actions.map((c) => c.params).sort((a, b) => String(a.chat_id).localeCompare(String(b.chat_id)))).toEqual([
    { chat_id: '777001', action: 'typing' },
    { chat_id: '777002', action: 'typing' },
  ]);

  // Once the interval is over, the attendant still typing is shown again.
  await sleep(TYPING_INTERVAL_MS);
  expect((await typing(chatId)).status).toBe(204);
  await waitFor(
    () => Promise.resolve(telegram.callsOf('sendChatAction').length),
    (n) => n === 3,
  );
}, 20_000);

test("a channel's refusal is never the attendant's error", async () => {
  const chatId = await chatOn(telegramChannel, { externalChatId: '777003' });
  telegram.failNext('sendChatAction', { status: 403, description: 'Forbidden: bot was blocked by the user' });
  const before = telegram.callsOf('sendChatAction').length;
  expect((await typing(chatId)).status).toBe(204);
  await waitFor(
    () => Promise.resolve(telegram.callsOf('sendChatAction').length),
    (n) => n === before + 1,
  );
});

test("WhatsApp: the typing indicator names the customer's last message; none without one", async () => {
  const chatId = await chatOn(whatsappChannel);
  const silent = await chatOn(whatsappChannel);
  await customerSays(chatId, whatsappChannel, 'wamid.typing-old', 2);
  await customerSays(chatId, whatsappChannel, 'wamid.typing-last', 1);
  graph.calls.length = 0;
  for (let i = 0; i < 5; i++) expect((await typing(chatId)).status).toBe(204);
  expect((await typing(silent)).status).toBe(204);
  const [receipt] = await waitFor(
    () => Promise.resolve(graph.readReceipts()),
    (calls) => calls.length >= 1,
  );
  await sleep(300);
  expect(graph.readReceipts()).toHaveLength(1);
  expect(receipt!.path).toBe(`/v21.0/${PHONE_NUMBER_ID}/messages`);
  expect(receipt!.json).toEqual({
    messaging_product: 'whatsapp',
    status: 'read',
    message_id: 'wamid.typing-last',
    typing_indicator: { type: 'text' },
  });
  expect(graph.sends()).toHaveLength(0);
});

test('API channels: 204 and nothing sent', async () => {
  const chatId = await chatOn(apiChannel);
  const calls = graph.calls.length + telegram.calls.length;
  expect((await typing(chatId)).status).toBe(204);
  await sleep(200);
  expect(graph.calls.length + telegram.calls.length).toBe(calls);
});

test("only the chat's attendant: 409 for a reader, 404 for anyone else, 409 once closed", async () => {
  const chatId = await chatOn(telegramChannel, { department: 'vendas' });
  const supervisor = await app.as('supervisor');
  const stranger = await app.as('attendant', { department: 'suporte' });
  const before = telegram.callsOf('sendChatAction').length;

  const reader = await typing(chatId, supervisor.token);
  expect(reader.status).toBe(409);
  expect(reader.body.error.code).toBe('not_assignee');
  expect((await typing(chatId, stranger.token)).status).toBe(404);
  expect((await typing('no-such-chat')).status).toBe(404);
  const closed = await chatOn(telegramChannel, { status: 'resolved' });
  const refused = await typing(closed);
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('chat_closed');
  await sleep(200);
  expect(telegram.callsOf('sendChatAction')).toHaveLength(before);
});

test("WhatsApp: the attendant opening the chat marks the customer's last message read, once", async () => {
  const chatId = await chatOn(whatsappChannel);
  await customerSays(chatId, whatsappChannel, 'wamid.open-1', 1);
  graph.calls.length = 0;
  const open = (token = ana.token) => app.request('GET', `/api/v1/chats/${chatId}`, { token });

  // Someone else reading it marks nothing.
  const supervisor = await app.as('supervisor');
  expect((await open(supervisor.token)).status).toBe(200);
  await sleep(200);
  expect(graph.readReceipts()).toHaveLength(0);

  expect((await open()).status).toBe(200);
  await waitFor(
    () => Promise.resolve(graph.readReceipts().length),
    (n) => n === 1,
  );
  expect(graph.readReceipts()[0]!.json).toEqual({
    messaging_product: 'whatsapp',
    status: 'read',
    message_id: 'wamid.open-1',
  });
  // Opened again (the console reloads on every live event): no second call for the same message.
  await open();
  await open();
  await sleep(200);
  expect(graph.readReceipts()).toHaveLength(1);

  // A new message from the customer: one more.
  await customerSays(chatId, whatsappChannel, 'wamid.open-2');
  await open();
  await waitFor(
    () => Promise.resolve(graph.readReceipts().map((c) => c.json?.message_id)),
    (ids) => ids.includes('wamid.open-2'),
  );

  // A refused receipt does not count as sent: the next open tries again, and the reads never fail.
  await customerSays(chatId, whatsappChannel, 'wamid.open-3');
  graph.failNextReadReceipt({ status: 500, code: 1, message: 'An unknown error occurred' });
  expect((await open()).status).toBe(200);
  await waitFor(
    () => Promise.resolve(graph.readReceipts().filter((c) => c.json?.message_id === 'wamid.open-3').length),
    (n) => n === 1,
  );
  await sleep(200);
  expect((await open()).status).toBe(200);
  await waitFor(
    () => Promise.resolve(graph.readReceipts().filter((c) => c.json?.message_id === 'wamid.open-3').length),
    (n) => n === 2,
  );
});

test('the chat detail tells where the 24-hour window stands on WhatsApp, and nothing elsewhere', async () => {
  const recent = await chatOn(whatsappChannel);
  await customerSays(recent, whatsappChannel, 'wamid.window-recent', 3);
  const old = await chatOn(whatsappChannel);
  await customerSays(old, whatsappChannel, 'wamid.window-old', 25);
  const never = await chatOn(whatsappChannel);
  const other = await chatOn(apiChannel);

  const window = async (chatId: string) =>
    (await app.request('GET', `/api/v1/chats/${chatId}`, { token: ana.token })).body.serviceWindow;
  const open = await window(recent);
  expect(open.open).toBe(true);
  const closesIn = Date.parse(open.closesAt) - Date.now();
  expect(closesIn).toBeGreaterThan(20.9 * 3600_000);
  expect(closesIn).toBeLessThanOrEqual(21 * 3600_000);
  const closed = await window(old);
  expect(closed.open).toBe(false);
  expect(Date.parse(closed.closesAt)).toBeLessThan(Date.now());
  expect(await window(never)).toEqual({ open: false, closesAt: null });
  expect(await window(other)).toBeNull();
});
