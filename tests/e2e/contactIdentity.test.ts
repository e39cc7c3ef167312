import { randomUUID } from 'node:crypto';
import { signBody } from '../../src/channels/signature';
import { createDb, type Db } from '../../src/db/client';
import { FakeGraphApi } from '../fakes/graphApi';
import { FakeBotApi } from '../fakes/telegramBotApi';
import { startCallbackReceiver } from '../helpers/callbackReceiver';
import { Stack } from '../helpers/stack';
import { messageUpdate } from '../helpers/telegramUpdates';
import { waitFor } from '../helpers/wait';
import { inbound, PHONE_NUMBER_ID } from '../helpers/whatsappPayloads';

// End to end, `npm start`'s own process: one person across channels is one
// contact (a phone in any form, a Telegram card of themselves), an equal
// e-mail is only suggested, and what the bot reads fills the record.

const API_SECRET = 'api-channel-secret-0123456789';
const WA = { accessToken: 'EAAGfakeAccessTokenForTests0123456789', appSecret: 'whatsapp-app-secret-0123' };
const TG = { botToken: '123456789:AAFakeTokenForTheWebhookChannel_0123', secret: 'telegram-webhook-secret_0123' };

const graph = new FakeGraphApi(WA.accessToken);
const botApi = new FakeBotApi();
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
let db: Db;
let token: string;
const channels = { api: '', whatsapp: '', telegram: '' };

const now = () => new Date().toISOString();
const apiEvent = (event: unknown) => stack.webhook(channels.api, API_SECRET, event);
const openApiChat = (conversation: string, contact: object) =>
  apiEvent({ type: 'NEW_CONVERSATION', timestamp: now(), data: { id: conversation, contact } });
const sayOnApi = (conversation: string, content: string) =>
  apiEvent({
    type: 'NEW_MESSAGE',
    timestamp: now(),
    data: { id: randomUUID(), direction: 'RECEIVED', content, conversation_id: conversation },
  });
function whatsapp(payload: unknown) {
  const raw = JSON.stringify(payload);
  return stack.request('POST', `/webhooks/whatsapp/${channels.whatsapp}`, {
    raw,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(WA.appSecret, raw) },
  });
}
const telegram = (update: unknown) =>
  stack.request('POST', `/webhooks/telegram/${channels.telegram}`, {
    raw: JSON.stringify(update),
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG.secret },
  });
const chatRow = (channelId: string, externalChatId: string) =>
  waitFor(() => db.chat.findFirst({ where: { channelId, externalChatId } }), Boolean);
const contact = async (id: string) => (await stack.request('GET', `/api/v1/contacts/${id}`, { token })).body;

beforeAll(async () => {
  await graph.start();
  await botApi.start();
  stack = new Stack({
    WHATSAPP_API_URL: graph.apiUrl,
    TELEGRAM_API_ROOT: botApi.url,
    PUBLIC_URL: 'https://atende.example.com',
  });
  await stack.start();
  receiver = await startCallbackReceiver();
  db = createDb(`file:${stack.dataDir}/atende.db`);
  token = await stack.signInAdmin();
  channels.api = await stack.apiChannel(token, API_SECRET, receiver.url);
  channels.whatsapp = await stack.createChannel(token, {
    type: 'whatsapp',
    name: 'WhatsApp',
    phoneNumberId: PHONE_NUMBER_ID,
    verifyToken: 'verify-me-0123',
    ...WA,
  });
  channels.telegram = await stack.createChannel(token, { type: 'telegram', name: 'Bot', ...TG });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  const code = await stack.stop();
  await receiver?.close();
  await graph.stop();
  await botApi.stop();
  stack.cleanup();
  expect(code).toBe(0);
});

test('the same person on WhatsApp (8-digit wa_id) and the API channel (9-digit phone) is one contact with two identities and both chats', async () => {
  const { payload } = inbound('551188887777', 'text', { text: { body: 'Oi, tudo bem?' } }, undefined, 'Rita Lima');
  expect((await whatsapp(payload)).status).toBe(200);
  const onWhatsapp = await chatRow(channels.whatsapp, '551188887777');

  const conversation = randomUUID();
  expect((await openApiChat(conversation, { name: 'Rita', phone: '+55 11 98888-7777' })).status).toBe(202);
  const onApi = await chatRow(channels.api, conversation);

  expect(onApi!.contactId).toBe(onWhatsapp!.contactId);
  const person = await contact(onApi!.contactId);
  expect(person).toMatchObject({ name: 'Rita Lima', phone: '+5511988887777' });
  expect(person.identities).toEqual(
    expect.arrayContaining([
      { channelId: channels.whatsapp, channelType: 'whatsapp', externalId: '+5511988887777' },
      { channelId: channels.api, channelType: 'api', externalId: '+5511988887777' },
    ]),
  );
  expect(person.identities).toHaveLength(2);
  expect(person.chats.map((c: { id: string }) => c.id)).toEqual([onApi!.id, onWhatsapp!.id]);
  expect(person.chats[1]).toMatchObject({
    channel: { id: channels.whatsapp, type: 'whatsapp' },
    status: expect.any(String),
  });
});

test('an equal e-mail on two different phones makes two contacts, suggested as duplicates', async () => {
  const [a, b] = [randomUUID(), randomUUID()];
  await openApiChat(a, { name: 'Paulo', phone: '+5521991110001', email: 'familia@example.com' });
  await openApiChat(b, { name: 'Paula', phone: '+5521991110002', email: 'Familia@example.com' });
  const [chatA, chatB] = [await chatRow(channels.api, a), await chatRow(channels.api, b)];
  expect(chatA!.contactId).not.toBe(chatB!.contactId);
  const duplicates = await stack.request('GET', '/api/v1/contacts/duplicates', { token });
  expect(duplicates.status).toBe(200);
  expect(duplicates.body.items).toContainEqual({
    reasons: ['email'],
    contacts: expect.arrayContaining([
      expect.objectContaining({ id: chatA!.contactId }),
      expect.objectContaining({ id: chatB!.contactId }),
    ]),
  });
});

test("a CPF the bot reads fills the contact's empty field with the message as its source, and never one an attendant set", async () => {
  const [fresh, edited] = [randomUUID(), randomUUID()];
  await openApiChat(fresh, { name: 'Carla', phone: '+5531991112222' });
  await openApiChat(edited, { name: 'Davi', phone: '+5531991113333' });
  const [freshChat, editedChat] = [await chatRow(channels.api, fresh), await chatRow(channels.api, edited)];
  const set = await stack.request('PATCH', `/api/v1/contacts/${editedChat!.contactId}`, {
    token,
    body: { cpf: '111.444.777-35' },
  });
  expect(set.status).toBe(200);

  await sayOnApi(fresh, 'Meu CPF é 529.982.247-25, preciso da segunda via');
  await sayOnApi(edited, 'Meu CPF é 529.982.247-25, preciso da segunda via');
  const annotated = (chatId: string) =>
    waitFor(
      () => db.message.findFirst({ where: { chatId, sender: 'customer', entities: { not: null } } }),
      (m) => Boolean(m?.entities?.includes('52998224725')),
    );
  const message = await annotated(freshChat!.id);
  await annotated(editedChat!.id);

  const filled = await contact(freshChat!.contactId);
  expect(filled.cpf).toBe('52998224725');
  expect(filled.sources.cpf).toEqual({ source: 'message', messageId: message!.id });
  const kept = await contact(editedChat!.contactId);
  expect(kept.cpf).toBe('11144477735');
  expect(kept.sources.cpf).toEqual({ source: 'attendant', attendantId: expect.any(String) });
});

test('a Telegram card of themselves gives their contact its phone, or joins the contact that has it', async () => {
  // Nobody has this phone: it becomes the Telegram contact's.
  expect((await telegram(messageUpdate(7001, { text: 'Olá' }))).status).toBe(200);
  const alone = await chatRow(channels.telegram, '7001');
  const card = (userId: number, phone: string) =>
    messageUpdate(userId, { contact: { phone_number: phone, first_name: 'Ana', user_id: userId } });
  await telegram(card(7001, '5541991114444'));
  await waitFor(
    () => contact(alone!.contactId),
    (c) => c?.phone === '+5541991114444',
  );
  expect((await contact(alone!.contactId)).sources.phone).toEqual({ source: 'message', messageId: expect.any(String) });

  // Someone else's card changes nothing.
  await telegram(messageUpdate(7002, { text: 'Oi' }));
  const other = await chatRow(channels.telegram, '7002');
  await telegram(messageUpdate(7002, { contact: { phone_number: '5541991115555', first_name: 'X', user_id: 1 } }));
  await waitFor(
    () => db.message.count({ where: { chatId: other!.id, type: 'contact' } }),
    (n) => n === 1,
  );
  expect((await contact(other!.contactId)).phone).toBeNull();

  // The phone of the WhatsApp person: the Telegram identity joins them, with its chat.
  await telegram(messageUpdate(7003, { text: 'Bom dia' }));
  const joining = await chatRow(channels.telegram, '7003');
  const rita = (await chatRow(channels.whatsapp, '551188887777'))!.contactId;
  await telegram(card(7003, '+55 11 98888-7777'));
  await waitFor(
    () => db.chat.findUnique({ where: { id: joining!.id } }),
    (c) => c?.contactId === rita,
  );
  const person = await contact(rita);
  expect(person.identities).toContainEqual({
    channelId: channels.telegram,
    channelType: 'telegram',
    externalId: 'telegram:7003',
  });
  expect(person.chats.map((c: { id: string }) => c.id)).toContain(joining!.id);
  expect((await stack.request('GET', `/api/v1/contacts/${joining!.contactId}`, { token })).status).toBe(404);
  expect(
    await db.contactMerge.count({ where: { contactId: rita, mergedId: joining!.contactId, actor: 'system' } }),
  ).toBe(1);
});
