import { createDb, type Db } from '../../src/db/client';
import { FakeBotApi } from '../fakes/telegramBotApi';
import { Stack } from '../helpers/stack';
import { editUpdate, messageUpdate } from '../helpers/telegramUpdates';
import { waitFor } from '../helpers/wait';
import { AWKWARD_TEXT } from '../helpers/awkwardText';
import { wellFormedText } from '../../src/text/wellFormedText';

const PHOTO = [{ file_id: 'photo-any', file_unique_id: 'a', width: 90, height: 90 }];

// End to end: `npm start`'s own process with a local stand-in of the Bot API
// (TELEGRAM_API_ROOT): webhook mode, polling mode across a restart, media
// both ways, a blocked bot, Telegram's 429.

const TOKEN = '123456789:AAFakeTokenForTheWebhookChannel_0123';
const POLLING_TOKEN = '987654321:AAFakeTokenForThePollingChannel_0123';
const SECRET = 'telegram-webhook-secret_0123';
const PUBLIC_URL = 'https://atende.example.com';

const botApi = new FakeBotApi();
let stack: Stack;
let db: Db;
let token: string;
let channelId: string;

async function send(update: unknown, secret: string | null = SECRET) {
  return stack.request('POST', `/webhooks/telegram/${channelId}`, {
    raw: JSON.stringify(update),
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
  });
}
const sentTo = (chatId: number, method = 'sendMessage') =>
  botApi.callsOf(method).filter((c) => String(c.params.chat_id) === String(chatId));
const chatOf = (externalChatId: number) =>
  waitFor(
    () =>
      db.chat.findFirst({
        where: { externalChatId: String(externalChatId) },
        include: { messages: true, contact: true },
      }),
    Boolean,
  );

beforeAll(async () => {
  await botApi.start();
  stack = new Stack({ TELEGRAM_API_ROOT: botApi.url, PUBLIC_URL });
  await stack.start();
  db = createDb(`file:${stack.dataDir}/atende.db`);
  token = await stack.signInAdmin();
  channelId = await stack.createChannel(token, { type: 'telegram', name: 'Bot', botToken: TOKEN, secret: SECRET });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  const code = await stack.stop();
  await botApi.stop();
  stack.cleanup();
  expect(code).toBe(0);
});

test('creating a webhook channel registers its webhook under PUBLIC_URL with the secret', () => {
  const [call] = botApi.callsOf('setWebhook').filter((c) => c.token === TOKEN);
  expect(call!.params).toMatchObject({
    url: `${PUBLIC_URL}/webhooks/telegram/${channelId}`,
    secret_token: SECRET,
    allowed_updates: ['message', 'edited_message', 'callback_query'],
  });
});

test('a bot token Telegram does not know is a 400 naming botToken, and no channel is kept', async () => {
  botApi.failNext('setWebhook', { status: 401, description: 'Unauthorized' });
  const before = await db.channel.count();
  const res = await stack.request('POST', '/api/v1/channels', {
    token,
    body: { type: 'telegram', name: 'Bad', botToken: '111111:AAWrongTokenWrongTokenWrongToken_000', secret: SECRET },
  });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toMatch(/botToken/);
  expect(await db.channel.count()).toBe(before);
});

test('a customer question over the webhook is answered by the bot through sendMessage', async () => {
  const user = 700001;
  const res = await send(messageUpdate(user, { text: 'Preciso da segunda via do boleto' }));
  expect(res).toEqual({ status: 200, body: { ok: true } });

  const [answer] = await waitFor(
    async () => sentTo(user),
    (calls) => calls.length > 0,
  );
  expect(answer!.token).toBe(TOKEN);
  expect(String(answer!.params.text)).toMatch(/segunda via/i);

  const chat = await chatOf(user);
  expect(chat!.contact).toMatchObject({ name: 'Ana Souza' });
  // The channel knows the person by their user id: the contact's Telegram identity.
  expect(
    await db.contactIdentity.findUnique({
      where: { channelId_externalId: { channelId, externalId: `telegram:${user}` } },
      select: { contactId: true },
    }),
  ).toEqual({ contactId: chat!.contactId });
  const delivered = await waitFor(
    () => db.message.findFirst({ where: { chatId: chat!.id, sender: 'bot' } }),
    (m) => m?.deliveryStatus === 'delivered',
  );
  expect(delivered!.channelMessageId).toMatch(new RegExp(`^${user}:\\d+$`));
});

test('/start is a hello: the bot greets instead of handing off', async () => {
  const user = 700002;
  await send(messageUpdate(user, { text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] }));
  const [answer] = await waitFor(
    async () => sentTo(user),
    (calls) => calls.length > 0,
  );
  expect(String(answer!.params.text)).not.toMatch(/atendente/i);
  const chat = await chatOf(user);
  expect(chat!.status).toBe('waiting_customer');
});

test('the same update twice (Telegram retrying) is one message', async () => {
  const user = 700003;
  const update = messageUpdate(user, { text: 'Olá, bom dia' });
  expect((await send(update)).status).toBe(200);
  const chat = await chatOf(user);
  expect((await send(update)).status).toBe(200);
  await waitFor(
    async () => sentTo(user),
    (calls) => calls.length > 0,
  );
  await new Promise((r) => setTimeout(r, 500));
  expect(await db.message.count({ where: { chatId: chat!.id, sender: 'customer' } })).toBe(1);
  expect(sentTo(user)).toHaveLength(1);
});

test('a wrong or missing secret token is a 401 and writes nothing', async () => {
  const before = await db.message.count();
  for (const secret of ['wrong-secret-0000000000', null]) {
    const res = await send(messageUpdate(700004, { text: 'oi' }), secret);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_secret_token');
  }
  expect(await db.message.count()).toBe(before);
});

test('an edited message is recorded as an edit of the first, never a second message', async () => {
  const user = 700005;
  const update = messageUpdate(user, { text: 'Quero cancelar meu plano' });
  await send(update);
  const chat = await chatOf(user);
  await waitFor(
    () => db.message.count({ where: { chatId: chat!.id, sender: 'customer' } }),
    (n) => n === 1,
  );
  expect((await send(editUpdate(user, update.message.message_id, 'Quero mudar meu plano'))).status).toBe(200);
  const messages = await db.message.findMany({ where: { chatId: chat!.id, sender: 'customer' } });
  expect(messages).toHaveLength(1);
  expect(messages[0]!.content).toBe('Quero mudar meu plano');
  const detail = await stack.request('GET', `/api/v1/chats/${chat!.id}`, { token });
  expect(detail.body.messages.find((m: { sender: string }) => m.sender === 'customer')).toMatchObject({ edited: true });
});

test('a photo is handed to a person, fetched from Telegram once, and served to attendants', async () => {
  const user = 700006;
  const bytes = Buffer.from('\x89PNG fake photo bytes');
  botApi.files.set('photo-big', bytes);
  const photo = [
    { file_id: 'photo-small', file_unique_id: 's', width: 90, height: 90, file_size: 10 },
    { file_id: 'photo-big', file_unique_id: 'b', width: 800, height: 800, file_size: bytes.length },
  ];
  await send(messageUpdate(user, { photo }));
  const chat = await chatOf(user);
  const customerMessage = await waitFor(
    () => db.message.findFirst({ where: { chatId: chat!.id, sender: 'customer' } }),
    Boolean,
  );
  expect(customerMessage!.type).toBe('image');
  // The bot reads only text: a bare file goes to a person.
  await waitFor(
    () => db.chat.findUnique({ where: { id: chat!.id } }),
    (c) => c?.status === 'transferred',
  );

  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${stack.baseUrl}/api/v1/messages/${customerMessage!.id}/media`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
  }
  expect(botApi.callsOf('getFile').filter((c) => c.params.file_id === 'photo-big')).toHaveLength(1);
  const unauthenticated = await fetch(`${stack.baseUrl}/api/v1/messages/${customerMessage!.id}/media`);
  expect(unauthenticated.status).toBe(401);
});

test('an attendant replies with a document: Telegram gets the file with its caption', async () => {
  const user = 700007;
  await send(messageUpdate(user, { text: 'Quero falar com um atendente' }));
  const chat = await chatOf(user);
  await waitFor(
    () => db.chat.findUnique({ where: { id: chat!.id } }),
    (c) => c?.status === 'transferred',
  );
  expect((await stack.request('POST', `/api/v1/chats/${chat!.id}/claim`, { token })).status).toBe(200);
  const pdf = Buffer.from('%PDF-1.4 fake invoice');
  const reply = await stack.request('POST', `/api/v1/chats/${chat!.id}/messages`, {
    token,
    body: {
      content: 'Segue a fatura',
      attachment: { filename: 'fatura.pdf', mimeType: 'application/pdf', dataBase64: pdf.toString('base64') },
    },
  });
  expect(reply.status).toBe(200);
  const [call] = await waitFor(
    async () => sentTo(user, 'sendDocument'),
    (calls) => calls.length > 0,
  );
  expect(call!.params.caption).toBe('Segue a fatura');
  const [file] = Object.values(call!.files);
  expect(file!.data).toEqual(pdf);
  expect(file!.name).toBe('fatura.pdf');
  const row = await waitFor(
    () => db.message.findFirst({ where: { chatId: chat!.id, sender: 'attendant' } }),
    (m) => m?.deliveryStatus === 'delivered',
  );
  expect(row!.type).toBe('document');
  const served = await fetch(`${stack.baseUrl}/api/v1/messages/${row!.id}/media`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(Buffer.from(await served.arrayBuffer())).toEqual(pdf);
});

test('a bot the customer blocked (403) marks the message failed with the reason', async () => {
  const user = 700008;
  botApi.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
  await send(messageUpdate(user, { text: 'Preciso da segunda via do boleto' }));
  const chat = await chatOf(user);
  const answer = await waitFor(
    () => db.message.findFirst({ where: { chatId: chat!.id, sender: 'bot' } }),
    (m) => m?.deliveryStatus === 'failed',
  );
  expect(answer!.deliveryError).toMatch(/403.*blocked/);
});

test("Telegram's 429 waits retry_after and the message still goes out once", async () => {
  const user = 700009;
  botApi.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
  await send(messageUpdate(user, { text: 'Olá, bom dia' }));
  const chat = await chatOf(user);
  await waitFor(
    () => db.message.findFirst({ where: { chatId: chat!.id, sender: 'bot' } }),
    (m) => m?.deliveryStatus === 'delivered',
  );
  expect(sentTo(user)).toHaveLength(2);
});

test('a first send rate-limited for 30 s goes to the outbox at once: a command on the chat is answered within 2 s, and the message still goes out once', async () => {
  const user = 700010;
  await send(messageUpdate(user, { text: 'Quero falar com um atendente' }));
  const chat = await chatOf(user);
  await waitFor(
    () => db.chat.findUnique({ where: { id: chat!.id } }),
    (c) => c?.status === 'transferred',
  );
  expect((await stack.request('POST', `/api/v1/chats/${chat!.id}/claim`, { token })).status).toBe(200);
  botApi.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 30', retryAfter: 30 });
  const timed = async (call: () => Promise<{ status: number }>) => {
    const started = Date.now();
    const res = await call();
    return { status: res.status, ms: Date.now() - started };
  };
  const reply = await timed(() =>
    stack.request('POST', `/api/v1/chats/${chat!.id}/messages`, { token, body: { content: 'Um momento, por favor' } }),
  );
  const release = await timed(() => stack.request('POST', `/api/v1/chats/${chat!.id}/release`, { token }));
  expect(reply.status).toBe(200);
  expect(release.status).toBe(200);
  // Waiting out retry_after inside the step would hold both for 30 s.
  expect(reply.ms).toBeLessThan(2_000);
  expect(release.ms).toBeLessThan(2_000);
  const row = await waitFor(
    () => db.message.findFirst({ where: { chatId: chat!.id, sender: 'attendant' } }),
    (m) => m?.deliveryStatus === 'delivered',
    60_000,
  );
  expect(row!.content).toBe('Um momento, por favor');
  expect(sentTo(user).filter((c) => c.params.text === 'Um momento, por favor')).toHaveLength(2);
});

test('polling mode: updates are taken from getUpdates, and a restart loses and doubles none', async () => {
  const created = await stack.request('POST', '/api/v1/channels', {
    token,
    body: { type: 'telegram', name: 'Laptop bot', botToken: POLLING_TOKEN, secret: SECRET, mode: 'polling' },
  });
  expect(created.status).toBe(201);
  expect(botApi.callsOf('deleteWebhook').some((c) => c.token === POLLING_TOKEN)).toBe(true);
  const pollingChannel = created.body.id as string;
  const user = 700010;
  const said = (text: string) => messageUpdate(user, { text });

  botApi.pushUpdate(said('Preciso da segunda via do boleto'));
  const [answer] = await waitFor(
    async () => botApi.callsOf('sendMessage').filter((c) => c.token === POLLING_TOKEN),
    (calls) => calls.length > 0,
    30_000,
  );
  expect(String(answer!.params.chat_id)).toBe(String(user));

  // Updates queued while the product is down are taken after the restart, each once.
  expect(await stack.stop()).toBe(0);
  const whileDown = [said('Ainda preciso de ajuda'), said('Alguém aí?'), said('Obrigada')];
  for (const update of whileDown) botApi.pushUpdate(update);
  // Migrations at boot need the database file to themselves.
  await db.$disconnect();
  await stack.start();
  db = createDb(`file:${stack.dataDir}/atende.db`);
  const customerMessages = () => db.message.count({ where: { channelId: pollingChannel, sender: 'customer' } });
  await waitFor(customerMessages, (n) => n === 4, 30_000);
  // The offset was confirmed: polling resumed after the last update taken, not from the start.
  const offsets = botApi
    .callsOf('getUpdates')
    .filter((c) => c.token === POLLING_TOKEN)
    .map((c) => Number(c.params.offset ?? 0));
  expect(Math.max(...offsets)).toBe(whileDown[2]!.update_id + 1);
  await new Promise((r) => setTimeout(r, 1000));
  expect(await customerMessages()).toBe(4);
}, 120_000);

test('a 5xx from Telegram is retried and the message goes out once', async () => {
  const user = 700011;
  botApi.failNext('sendMessage', { status: 502, description: 'Bad Gateway' });
  await send(messageUpdate(user, { text: 'Olá, bom dia' }));
  const chat = await chatOf(user);
  await waitFor(
    () => db.message.findFirst({ where: { chatId: chat!.id, sender: 'bot' } }),
    (m) => m?.deliveryStatus === 'delivered',
  );
  expect(sentTo(user)).toHaveLength(2);
});

test('awkward text as the name, a message and a caption is stored repaired, and the next message is answered', async () => {
  let user = 700100;
  for (const [name, text] of Object.entries(AWKWARD_TEXT)) {
    const id = ++user;
    const update = messageUpdate(id, { text });
    update.message.from.first_name = text;
    expect([name, (await send(update)).status]).toEqual([name, 200]);
    expect([name, (await send(messageUpdate(id, { photo: PHOTO, caption: text }))).status]).toEqual([name, 200]);
    expect([name, (await send(messageUpdate(id, { text: 'Preciso da segunda via do boleto' }))).status]).toEqual([
      name,
      200,
    ]);
    const chat = await chatOf(id);
    const customerMessages = await waitFor(
      () => db.message.findMany({ where: { chatId: chat!.id, sender: 'customer' }, orderBy: { createdAt: 'asc' } }),
      (rows) => rows.length === 3,
    );
    const repaired = wellFormedText(text).trim();
    expect([name, customerMessages.map((m) => m.content.trim())]).toEqual([
      name,
      [repaired, repaired, 'Preciso da segunda via do boleto'],
    ]);
    expect([name, chat!.contact.name]).toEqual([name, wellFormedText(`${text} Souza`)]);
    // The chat went on: the bot's hand-off or answers went out after the last message.
    await waitFor(
      async () => sentTo(id).length,
      (n) => n >= 1,
    );
  }
});
