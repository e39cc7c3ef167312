import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../src/db/client';
import { startCallbackReceiver } from '../helpers/callbackReceiver';
import { startPostgres } from '../helpers/postgres';
import { checkAwkwardText } from '../helpers/awkwardText';
import { ADMIN, Stack } from '../helpers/stack';
import { waitFor } from '../helpers/wait';

// The product on PostgreSQL (DATABASE_URL=postgresql://…): migrations at
// start, the bot's answer, reads, dedupe and a restart, against a real server.

const SECRET = 'api-channel-secret-0123456789';
let postgres: Awaited<ReturnType<typeof startPostgres>>;
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
let db: Db;
let token: string;
let channelId: string;

const now = () => new Date().toISOString();

beforeAll(async () => {
  postgres = await startPostgres();
  stack = new Stack({ DATABASE_URL: postgres.url });
  await stack.start();
  receiver = await startCallbackReceiver();
  db = createDb(postgres.url);
  token = (await stack.request('POST', '/api/v1/auth/login', { body: ADMIN })).body.accessToken;
  channelId = (
    await stack.request('POST', '/api/v1/channels', {
      token,
      body: { type: 'api', name: 'PG', secret: SECRET, callbackUrl: receiver.url },
    })
  ).body.id;
}, 180_000);

afterAll(async () => {
  await db?.$disconnect();
  await stack?.stop();
  await receiver?.close();
  stack?.cleanup();
  await postgres?.stop();
});

test('a conversation on PostgreSQL is answered, stored once, and survives a restart', async () => {
  expect((await stack.request('GET', '/health')).status).toBe(200);
  const conversation = randomUUID();
  const open = await stack.webhook(channelId, SECRET, {
    type: 'NEW_CONVERSATION',
    timestamp: now(),
    data: { id: conversation },
  });
  expect(open.status).toBe(202);
  const { chatId } = open.body;
  const message = {
    type: 'NEW_MESSAGE',
    timestamp: now(),
    data: { id: randomUUID(), direction: 'RECEIVED', content: 'quero mudar de plano', conversation_id: conversation },
  };
  expect((await stack.webhook(channelId, SECRET, message)).status).toBe(202);
  expect((await stack.webhook(channelId, SECRET, message)).status).toBe(202);

  const read = () => stack.request('GET', `/api/v1/chats/${chatId}`, { token }).then((r) => r.body);
  const chat = await waitFor(read, (c) => c?.status === 'waiting_customer');
  expect(chat.messages.map((m: { sender: string }) => m.sender)).toEqual(['customer', 'bot']);
  expect(chat.messages[0]).toMatchObject({ intent: 'plan_change' });
  expect(await db.message.count({ where: { channelMessageId: message.data.id } })).toBe(1);
  expect(receiver.received.filter((r) => r.body.data.conversation_id === conversation)).toHaveLength(1);

  expect(await stack.stop()).toBe(0);
  await stack.start();
  token = (await stack.request('POST', '/api/v1/auth/login', { body: ADMIN })).body.accessToken;
  await stack.webhook(channelId, SECRET, {
    ...message,
    data: { ...message.data, id: randomUUID(), content: 'obrigado' },
  });
  const after = await waitFor(read, (c) => c?.messages?.length === 4 && c.status === 'waiting_customer');
  expect(after.messages[2]).toMatchObject({ intent: 'thanks' });
  const page = await stack.request('GET', '/api/v1/chats?limit=1', { token });
  expect(page.body.items[0].id).toBe(chatId);
}, 180_000);

test('no text stops a chat on PostgreSQL either (NUL, lone surrogates…)', async () => {
  await checkAwkwardText(stack, { channelId, secret: SECRET, token, receiver });
}, 180_000);
