import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { productCodec } from '../helpers/productCodec';
import { verifySignature } from '../../src/channels/signature';
import { createDb, type Db } from '../../src/db/client';
import { startCallbackReceiver } from '../helpers/callbackReceiver';
import { ADMIN, Stack } from '../helpers/stack';
import { waitFor } from '../helpers/wait';
import { SseClient } from '../helpers/sseClient';

// End to end: `npm start`'s own process (dev server, worker, API) driven over
// real HTTP, with a local server standing in for the customer's callbackUrl.

const SECRET = 'api-channel-secret-0123456789';
const stack = new Stack();
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
let db: Db;
let token: string;
let channelId: string;

const now = () => new Date().toISOString();
const opened = (id: string, contact?: object) => ({
  type: 'NEW_CONVERSATION',
  timestamp: now(),
  data: { id, ...(contact ? { contact } : {}) },
});
const said = (conversation: string, content: string, id = randomUUID(), direction = 'RECEIVED') => ({
  type: 'NEW_MESSAGE',
  timestamp: now(),
  data: { id, direction, content, conversation_id: conversation },
});
const closed = (id: string, timestamp = now()) => ({ type: 'CLOSE_CONVERSATION', timestamp, data: { id } });
const send = (event: unknown) => stack.webhook(channelId, SECRET, event);

async function chatDetail(chatId: string) {
  return (await stack.request('GET', `/api/v1/chats/${chatId}`, { token })).body;
}
async function untilChat(
  chatId: string,
  done: (chat: { status: string; messages: Array<{ deliveryStatus?: string | null }> }) => boolean,
) {
  return waitFor(
    async () => (await stack.request('GET', `/api/v1/chats/${chatId}`, { token })).body,
    (c) => c?.id === chatId && done(c),
  );
}

/** The workflow a chat runs under, as its row records it. */
async function workflowIdOf(chatId: string): Promise<string> {
  const row = await waitFor(() => db.chat.findUnique({ where: { id: chatId }, select: { workflowId: true } }), Boolean);
  return row!.workflowId;
}

async function counts() {
  const [chats, messages, contacts, channels, attendants] = await Promise.all([
    db.chat.count(),
    db.message.count(),
    db.contact.count(),
    db.channel.count(),
    db.attendant.count(),
  ]);
  return { chats, messages, contacts, channels, attendants };
}

beforeAll(async () => {
  // As an older version left it: a readable folder and file, which npm start must tighten.
  fs.chmodSync(stack.dataDir, 0o755);
  fs.writeFileSync(path.join(stack.dataDir, 'left-readable'), 'x', { mode: 0o644 });
  await stack.start();
  receiver = await startCallbackReceiver();
  db = createDb(`file:${stack.dataDir}/atende.db`);
  // The first admin starts available; here people take chats by hand (tests/e2e/queueLoad.test.ts has the queue).
  token = await stack.signInAdmin();
  channelId = await stack.apiChannel(token, SECRET, receiver.url);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  const code = await stack.stop();
  await receiver?.close();
  stack.cleanup();
  expect(code).toBe(0);
});

test('health reports the API, database and Temporal', async () => {
  const res = await stack.request('GET', '/health');
  expect(res).toEqual({ status: 200, body: { status: 'ok', checks: { api: 'ok', database: 'ok', temporal: 'ok' } } });
  expect(stack.output).toContain(`http://127.0.0.1:${stack.port}`);
  expect(stack.output).toContain(`http://127.0.0.1:${stack.uiPort}`);
});

test('DATA_DIR is 0700 and every file in it 0600: databases, keys, Temporal history', () => {
  const mode = (file: string) => (fs.statSync(path.join(stack.dataDir, file)).mode & 0o777).toString(8);
  expect(mode('.')).toBe('700');
  const files = fs.readdirSync(stack.dataDir).filter((f) => fs.statSync(path.join(stack.dataDir, f)).isFile());
  expect(files).toEqual(expect.arrayContaining(['atende.db', 'temporal.db', 'jwt-secret', 'left-readable']));
  expect(Object.fromEntries(files.map((f) => [f, mode(f)]))).toEqual(Object.fromEntries(files.map((f) => [f, '600'])));
});

test('channel secrets are write-only', async () => {
  const res = await stack.request('GET', `/api/v1/channels/${channelId}`, { token });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ id: channelId, type: 'api', callbackUrl: receiver.url, secretsSet: ['secret'] });
  expect(JSON.stringify(res.body)).not.toContain(SECRET);
  const list = await stack.request('GET', '/api/v1/channels', { token });
  expect(JSON.stringify(list.body)).not.toContain(SECRET);
  // At rest, sealed under the key generated into DATA_DIR (the webhooks below prove it opens).
  const row = await db.channel.findUniqueOrThrow({ where: { id: channelId } });
  expect(row.credentials).not.toContain(SECRET);
  expect(JSON.parse(row.credentials).secret).toMatch(/^enc:v1:local-1:/);
  expect(fs.readFileSync(path.join(stack.dataDir, 'encryption-keys'), 'utf8')).toMatch(/^local-1:/);
});

test('a conversation is answered by the bot, signed, and readable through the API', async () => {
  const conversation = randomUUID();
  const open = await send(opened(conversation, { name: 'Maria', phone: '+5511999990000' }));
  expect(open.status).toBe(202);
  const { chatId } = open.body;
  const message = await send(said(conversation, 'Preciso da segunda via do boleto'));
  expect(message).toEqual({ status: 202, body: { chatId } });

  const reply = await waitFor(
    async () => receiver.received.find((r) => r.body.data.conversation_id === conversation),
    Boolean,
  );
  expect(reply!.body).toMatchObject({
    type: 'OUTBOUND_MESSAGE',
    data: { conversation_id: conversation, sender: 'bot' },
  });
  expect(reply!.body.data.content).toMatch(/segunda via/i);
  expect(verifySignature(SECRET, reply!.raw, reply!.headers['x-atende-signature'] as string)).toBe(true);

  // The delivery is recorded once the receiver has answered.
  const chat = await untilChat(
    chatId,
    (c) => c.status === 'waiting_customer' && c.messages[1]?.deliveryStatus !== 'pending',
  );
  expect(chat).toMatchObject({
    id: chatId,
    status: 'waiting_customer',
    priority: 'normal',
    attendantId: null,
    contact: { name: 'Maria', phone: '+5511999990000' },
    channel: { id: channelId, type: 'api' },
  });
  expect(chat.statusHistory.map((s: { to: string }) => s.to)).toEqual(['waiting', 'in_progress', 'waiting_customer']);
  expect(chat.messages.map((m: { sender: string }) => m.sender)).toEqual(['customer', 'bot']);
  expect(chat.messages[0]).toMatchObject({ intent: 'billing', content: 'Preciso da segunda via do boleto' });
  expect(chat.messages[0].confidence).toBeGreaterThanOrEqual(0.8);
  expect(chat.messages[1]).toMatchObject({ deliveryStatus: 'delivered', id: reply!.body.data.id });
});

test('a request for a person is handed off, found by ChatStatus, and worked by an attendant', async () => {
  // A conversation id such as a channel might use: the customer's phone number.
  const conversation = `55119${String(Date.now()).slice(-8)}`;
  const { chatId } = (await send(opened(conversation))).body;
  await send(said(conversation, 'quero falar com um atendente humano'));
  const chat = await untilChat(chatId, (c) => c.status === 'transferred');
  expect(chat.statusHistory.at(-1)).toMatchObject({ from: 'in_progress', to: 'transferred', actor: 'bot' });

  // What the Web UI's filter does: a visibility query on the search attribute (as an operator holding the key).
  const client = new Client({
    connection: await Connection.connect({ address: stack.temporalAddress }),
    dataConverter: { payloadCodecs: [productCodec(stack.dataDir, db)] },
  });
  try {
    // The Web UI's list shows the workflow id: opaque, not the conversation's id (here a phone number).
    const workflowId = await workflowIdOf(chatId);
    expect(workflowId).toMatch(new RegExp(`^chat-${channelId}-[a-z2-7]{32}$`));
    expect(workflowId).not.toContain(conversation.slice(-8));
    const found = await waitFor(
      async () => {
        const ids: string[] = [];
        for await (const w of client.workflow.list({ query: `ChatStatus = 'transferred' AND ChannelType = 'api'` }))
          ids.push(w.workflowId);
        return ids;
      },
      (ids) => ids.includes(workflowId),
    );
    expect(found).toContain(workflowId);
    const description = await client.workflow.getHandle(workflowId).describe();
    expect(JSON.stringify(description.searchAttributes)).not.toMatch(/Maria|\+55|atendente/);
  } finally {
    await client.connection.close();
  }

  // An attendant claims, replies and resolves; someone else may not.
  const attendant = await stack.request('POST', '/api/v1/attendants', {
    token,
    body: { name: 'Ana', email: 'ana@example.com', password: 'ana-password-1', role: 'attendant' },
  });
  expect(attendant.status).toBe(201);
  const other = await stack.request('POST', '/api/v1/attendants', {
    token,
    body: { name: 'Bia', email: 'bia@example.com', password: 'bia-password-1' },
  });
  const anaToken = (
    await stack.request('POST', '/api/v1/auth/login', {
      body: { email: 'ana@example.com', password: 'ana-password-1' },
    })
  ).body.accessToken;
  const biaToken = (
    await stack.request('POST', '/api/v1/auth/login', {
      body: { email: 'bia@example.com', password: 'bia-password-1' },
    })
  ).body.accessToken;
  expect(other.status).toBe(201);

  expect((await stack.request('GET', '/api/v1/channels', { token: anaToken })).status).toBe(403);
  const claim = await stack.request('POST', `/api/v1/chats/${chatId}/claim`, { token: anaToken });
  expect(claim.status).toBe(200);
  expect(claim.body).toMatchObject({ status: 'waiting_attendant', attendantId: attendant.body.id });
  const biaReply = await stack.request('POST', `/api/v1/chats/${chatId}/messages`, {
    token: biaToken,
    body: { content: 'oi' },
  });
  // Ana's chat is out of Bia's reach altogether (the access policy): not even its existence shows.
  expect(biaReply.status).toBe(404);
  expect(biaReply.body.error.code).toBe('not_found');
  const anaReply = await stack.request('POST', `/api/v1/chats/${chatId}/messages`, {
    token: anaToken,
    body: { content: 'Olá! Sou a Ana, como posso ajudar?' },
  });
  expect(anaReply.body).toMatchObject({ status: 'waiting_customer' });
  await waitFor(
    async () =>
      receiver.received.filter(
        (r) => r.body.data.conversation_id === conversation && r.body.data.sender === 'attendant',
      ),
    (r) => r.length === 1,
  );

  // Ana hands the chat to Bia; Bia may then work it, Ana no longer.
  const transfer = await stack.request('POST', `/api/v1/chats/${chatId}/transfer`, {
    token: anaToken,
    body: { attendantId: other.body.id },
  });
  expect(transfer.status).toBe(200);
  expect(transfer.body).toMatchObject({ status: 'waiting_attendant', attendantId: other.body.id });
  expect(
    (
      await stack.request('POST', `/api/v1/chats/${chatId}/messages`, {
        token: anaToken,
        body: { content: 'ainda eu' },
      })
    ).status,
  ).toBe(409);
  const back = await stack.request('POST', `/api/v1/chats/${chatId}/transfer`, {
    token,
    body: { attendantId: attendant.body.id },
  });
  expect(back.body.attendantId).toBe(attendant.body.id);

  const resolved = await stack.request('POST', `/api/v1/chats/${chatId}/resolve`, {
    token: anaToken,
    body: { note: 'done' },
  });
  expect(resolved.status).toBe(200);
  expect(resolved.body.status).toBe('resolved');
  const again = await stack.request('POST', `/api/v1/chats/${chatId}/resolve`, { token: anaToken, body: {} });
  expect(again.status).toBe(409);

  const byAttendant = await stack.request('GET', `/api/v1/messages?attendantId=${attendant.body.id}`, { token });
  expect(byAttendant.body.items.map((m: { content: string }) => m.content)).toEqual([
    'Olá! Sou a Ana, como posso ajudar?',
  ]);
  const detail = await untilChat(chatId, (c) => c.status === 'resolved');
  expect(detail.closedAt).not.toBeNull();

  // Deactivating Bia ends her access at once, whatever her token says.
  expect((await stack.request('DELETE', `/api/v1/attendants/${other.body.id}`, { token })).status).toBe(204);
  expect((await stack.request('GET', '/api/v1/chats', { token: biaToken })).status).toBe(401);
});

test('nobody takes more chats than their maximum', async () => {
  const solo = await stack.request('POST', '/api/v1/attendants', {
    token,
    body: { name: 'Caio', email: 'caio@example.com', password: 'caio-password-1', maxConcurrent: 1 },
  });
  const caio = (
    await stack.request('POST', '/api/v1/auth/login', {
      body: { email: 'caio@example.com', password: 'caio-password-1' },
    })
  ).body.accessToken;
  const chats: string[] = [];
  for (const text of ['quero falar com um atendente', 'preciso de um humano']) {
    const conversation = randomUUID();
    const { chatId } = (await send(opened(conversation))).body;
    await send(said(conversation, text));
    await untilChat(chatId, (c) => c.status === 'transferred');
    chats.push(chatId);
  }
  expect((await stack.request('POST', `/api/v1/chats/${chats[0]}/claim`, { token: caio })).status).toBe(200);
  const second = await stack.request('POST', `/api/v1/chats/${chats[1]}/claim`, { token: caio });
  expect(second.status).toBe(409);
  expect(second.body.error.code).toBe('at_capacity');
  const viaTransfer = await stack.request('POST', `/api/v1/chats/${chats[1]}/transfer`, {
    token,
    body: { attendantId: solo.body.id },
  });
  expect(viaTransfer.status).toBe(409);
});

test('the same message id twice is accepted twice and stored once', async () => {
  const conversation = randomUUID();
  const { chatId } = (await send(opened(conversation))).body;
  const event = said(conversation, 'bom dia');
  expect((await send(event)).status).toBe(202);
  expect(await send(event)).toEqual({ status: 202, body: { chatId } });
  await untilChat(chatId, (c) => c.status === 'waiting_customer');
  expect(await send(event)).toEqual({ status: 202, body: { chatId } });
  const messages = await stack.request('GET', `/api/v1/messages?chatId=${chatId}`, { token });
  expect(messages.body.items.filter((m: { sender: string }) => m.sender === 'customer')).toHaveLength(1);
  expect(await db.message.count({ where: { channelMessageId: event.data.id } })).toBe(1);
  // One answer: the repeats never reached the bot.
  expect(messages.body.items.filter((m: { sender: string }) => m.sender === 'bot')).toHaveLength(1);
  expect(receiver.received.filter((r) => r.body.data.conversation_id === conversation)).toHaveLength(1);
});

test('a closed conversation answers 409 to messages and to a second close', async () => {
  const conversation = randomUUID();
  const { chatId } = (await send(opened(conversation))).body;
  await send(said(conversation, 'oi'));
  await untilChat(chatId, (c) => c.status === 'waiting_customer');
  expect(await send(closed(conversation))).toEqual({ status: 202, body: { chatId } });
  const chat = await untilChat(chatId, (c) => c.status === 'cancelled');
  expect(chat.statusHistory.at(-1)).toMatchObject({ to: 'cancelled', actor: 'channel' });
  await waitFor(
    () => send(said(conversation, 'ainda aí?')),
    (r) => r.status === 409,
  );
  const before = await counts();
  expect((await send(said(conversation, 'alô?'))).status).toBe(409);
  expect((await send(closed(conversation))).status).toBe(409);
  expect(await counts()).toEqual(before);
});

test('a captured close replayed against a later chat of the same conversation is 409 and changes nothing', async () => {
  const conversation = randomUUID();
  const first = (await send(opened(conversation))).body.chatId;
  const captured = closed(conversation);
  expect((await send(captured)).status).toBe(202);
  await untilChat(first, (c) => c.status === 'cancelled');

  const second = (await send(opened(conversation))).body.chatId;
  expect(second).not.toBe(first);
  await send(said(conversation, 'qual o horário de atendimento?'));
  const { status } = await untilChat(second, (c) => c.messages.some((m) => m.deliveryStatus === 'delivered'));
  const before = await counts();
  const replayed = await send(captured);
  expect(replayed.status).toBe(409);
  expect(replayed.body.error.code).toBe('close_predates_chat');
  expect(await counts()).toEqual(before);
  expect((await stack.request('GET', `/api/v1/chats/${second}`, { token })).body.status).toBe(status);
  // A close signed now still closes it.
  expect(await send(closed(conversation))).toEqual({ status: 202, body: { chatId: second } });
  await untilChat(second, (c) => c.status === 'cancelled');
});

test.each([
  // The example of docs/api.md, sent as is, for a chat opened just now.
  ["the docs' example timestamp", () => '2025-02-21T10:30:00.000Z'],
  ['a client clock 5 s behind', () => new Date(Date.now() - 5_000).toISOString()],
  ['a client clock 4 minutes ahead', () => new Date(Date.now() + 4 * 60_000).toISOString()],
])('an honest close with %s closes the chat just opened', async (_name, timestamp) => {
  const conversation = randomUUID();
  const { chatId } = (await send(opened(conversation))).body;
  expect(await send(closed(conversation, timestamp()))).toEqual({ status: 202, body: { chatId } });
  const chat = await untilChat(chatId, (c) => c.status === 'cancelled');
  expect(chat.statusHistory.at(-1)).toMatchObject({ to: 'cancelled', actor: 'channel' });
});

test("a captured close with an old timestamp (the docs' example) replayed against a later chat is 409", async () => {
  const conversation = randomUUID();
  const captured = closed(conversation, '2025-02-21T10:30:00.000Z');
  const first = (await send(opened(conversation))).body.chatId;
  expect((await send(captured)).status).toBe(202);
  await untilChat(first, (c) => c.status === 'cancelled');
  const second = (await send(opened(conversation))).body.chatId;
  await untilChat(second, (c) => c.status === 'waiting');
  const before = await counts();
  const replayed = await send(captured);
  expect(replayed.status).toBe(409);
  expect(replayed.body.error.code).toBe('close_predates_chat');
  expect(await counts()).toEqual(before);
  expect((await chatDetail(second)).status).toBe('waiting');
});

test('a close dated far ahead (2099) is refused and changes nothing', async () => {
  const conversation = randomUUID();
  const { chatId } = (await send(opened(conversation))).body;
  await untilChat(chatId, (c) => c.status === 'waiting');
  for (const timestamp of ['2099-01-01T00:00:00.000Z', new Date(Date.now() + 10 * 60_000).toISOString()]) {
    const res = await send(closed(conversation, timestamp));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('timestamp_in_future');
  }
  expect(await db.channelClose.count({ where: { externalChatId: conversation } })).toBe(0);
  expect((await chatDetail(chatId)).statusHistory).toHaveLength(1);
});

test('Temporal holds only ciphertext of a chat; the Web UI reads it through the codec endpoint', async () => {
  const conversation = randomUUID();
  const contact = { name: 'Joaquina Sigilosa', phone: '+55 11 98765-4321' };
  const { chatId } = (await send(opened(conversation, contact))).body;
  await send(said(conversation, 'meu pedido XYZ-778899 não chegou'));
  await untilChat(chatId, (c) => c.status === 'waiting_customer' || c.status === 'transferred');

  // Read as anyone with access to the Temporal server (no codec): raw bytes of the whole history.
  const raw = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  let history: temporal.api.history.v1.IHistory;
  try {
    history = await raw.workflow.getHandle(await workflowIdOf(chatId)).fetchHistory();
  } finally {
    await raw.connection.close();
  }
  const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
  for (const secret of ['Joaquina', '98765', 'XYZ-778899', 'pedido']) expect(bytes.includes(secret)).toBe(false);
  const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
  expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');

  // The Web UI's path: it is told where the codec is, and posts payloads there from its origin.
  const uiOrigin = `http://127.0.0.1:${stack.uiPort}`;
  const settings = (await (await fetch(`${uiOrigin}/api/v1/settings`)).json()) as { Codec: { Endpoint: string } };
  expect(settings.Codec.Endpoint).toBe(`http://127.0.0.1:${stack.codecPort}`);
  const base64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  const res = await fetch(`${settings.Codec.Endpoint}/decode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: uiOrigin, 'x-namespace': 'default' },
    body: JSON.stringify({
      payloads: [
        {
          metadata: Object.fromEntries(Object.entries(input.metadata!).map(([k, v]) => [k, base64(v)])),
          data: base64(input.data!),
        },
      ],
    }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe(uiOrigin);
  const [decoded] = ((await res.json()) as { payloads: Array<{ metadata: Record<string, string>; data: string }> })
    .payloads;
  expect(Buffer.from(decoded!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
  expect(JSON.parse(Buffer.from(decoded!.data, 'base64').toString())).toMatchObject({
    contact: { name: contact.name },
  });
  // Another site in the operator's browser is not let in.
  const preflight = await fetch(`${settings.Codec.Endpoint}/decode`, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
});

test('chat and message lists page newest first with a cursor', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 3; i += 1) ids.push((await send(opened(randomUUID()))).body.chatId);
  await waitFor(
    () => db.chat.count({ where: { id: { in: ids } } }),
    (n) => n === 3,
  );

  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await stack.request(
      'GET',
      `/api/v1/chats?limit=2&channelId=${channelId}${cursor ? `&cursor=${cursor}` : ''}`,
      { token },
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(2);
    seen.push(...res.body.items.map((c: { id: string }) => c.id));
    cursor = res.body.nextCursor;
    pages += 1;
  } while (cursor && pages < 20);
  const all = await db.chat.findMany({ where: { channelId }, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }] });
  expect(seen).toEqual(all.map((c) => c.id));
  expect(new Set(seen).size).toBe(seen.length);
  expect(pages).toBe(Math.ceil(all.length / 2));

  const waiting = await stack.request('GET', '/api/v1/chats?status=waiting', { token });
  expect(waiting.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(ids));
  expect(waiting.body.items.every((c: { status: string }) => c.status === 'waiting')).toBe(true);

  const first = await stack.request('GET', '/api/v1/messages?limit=1', { token });
  const second = await stack.request('GET', `/api/v1/messages?limit=1&cursor=${first.body.nextCursor}`, { token });
  expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  expect(new Date(second.body.items[0].createdAt) <= new Date(first.body.items[0].createdAt)).toBe(true);
});

test('bad requests get the right 4xx with a JSON error and write nothing', async () => {
  const conversation = randomUUID();
  const chatId = (await send(opened(conversation))).body.chatId as string;
  await waitFor(
    () => db.chat.count({ where: { id: chatId } }),
    (n) => n === 1,
  );
  const before = await counts();
  const valid = said(conversation, 'oi');
  const cases: Array<
    [string, Promise<{ status: number; body: { error?: { code: string; message: string } } }>, number]
  > = [
    ['no signature', stack.webhook(channelId, SECRET, valid, { signature: null }), 401],
    ['wrong signature', stack.webhook(channelId, 'another-secret-0000000', valid), 401],
    [
      'signature of another body',
      stack.webhook(channelId, SECRET, valid, { signature: 'sha256=' + '0'.repeat(64) }),
      401,
    ],
    ['unknown channel', stack.webhook('no-such-channel', SECRET, valid), 404],
    ['malformed JSON', stack.webhook(channelId, SECRET, null, { raw: '{"type": "NEW_MESSAGE", ' }), 400],
    ['unknown event type', send({ type: 'DELETE_EVERYTHING', timestamp: now(), data: { id: conversation } }), 400],
    [
      'message without content',
      send({
        type: 'NEW_MESSAGE',
        timestamp: now(),
        data: { id: randomUUID(), direction: 'RECEIVED', conversation_id: conversation },
      }),
      400,
    ],
    ['empty content', send(said(conversation, '   ')), 400],
    ['bad direction', send(said(conversation, 'oi', randomUUID(), 'SIDEWAYS')), 400],
    ['bad timestamp', send({ ...valid, timestamp: 'yesterday' }), 400],
    ['conversation id with unsafe characters', send(said('../../etc', 'oi')), 400],
    ['message for a conversation never opened', send(said(randomUUID(), 'oi')), 404],
    ['close for a conversation never opened', send(closed(randomUUID())), 404],
    ['REST without a token', stack.request('GET', '/api/v1/chats'), 401],
    ['REST with a forged token', stack.request('GET', '/api/v1/chats', { token: token.slice(0, -4) + 'AAAA' }), 401],
    [
      'login with a wrong password',
      stack.request('POST', '/api/v1/auth/login', { body: { email: ADMIN.email, password: 'wrong-password' } }),
      401,
    ],
    [
      'refresh with an access token',
      stack.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: token } }),
      401,
    ],
    ['limit 0', stack.request('GET', '/api/v1/chats?limit=0', { token }), 400],
    ['limit 101', stack.request('GET', '/api/v1/chats?limit=101', { token }), 400],
    ['unknown status filter', stack.request('GET', '/api/v1/chats?status=sleeping', { token }), 400],
    ['forged cursor', stack.request('GET', '/api/v1/messages?cursor=not-a-cursor', { token }), 400],
    ['unknown chat', stack.request('GET', '/api/v1/chats/no-such-chat', { token }), 404],
    ['resolve an unknown chat', stack.request('POST', '/api/v1/chats/no-such-chat/resolve', { token, body: {} }), 404],
    ['release a chat nobody claimed', stack.request('POST', `/api/v1/chats/${chatId}/release`, { token }), 409],
    ['reply without content', stack.request('POST', `/api/v1/chats/${chatId}/messages`, { token, body: {} }), 400],
    [
      'channel without a secret',
      stack.request('POST', '/api/v1/channels', {
        token,
        body: { type: 'api', name: 'x', callbackUrl: 'http://127.0.0.1/cb' },
      }),
      400,
    ],
    [
      'channel with a bad callbackUrl',
      stack.request('POST', '/api/v1/channels', {
        token,
        body: { type: 'api', name: 'x', secret: SECRET, callbackUrl: 'ftp://x' },
      }),
      400,
    ],
    [
      'channel of an unknown type',
      stack.request('POST', '/api/v1/channels', { token, body: { type: 'fax', name: 'x' } }),
      400,
    ],
    [
      'REST body that is not JSON',
      stack.request('POST', '/api/v1/channels', {
        token,
        raw: '{oops',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    ],
    ['contact with an invalid phone', send(opened(randomUUID(), { name: 'X', phone: '123' })), 400],
    [
      'body that is not UTF-8',
      stack.webhook(channelId, SECRET, null, { raw: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }),
      400,
    ],
    ['transfer to nobody', stack.request('POST', `/api/v1/chats/${chatId}/transfer`, { token, body: {} }), 400],
    [
      'transfer to an unknown attendant',
      stack.request('POST', `/api/v1/chats/${chatId}/transfer`, { token, body: { attendantId: 'nobody' } }),
      404,
    ],
    [
      'attendant with a short password',
      stack.request('POST', '/api/v1/attendants', {
        token,
        body: { name: 'X', email: 'x@example.com', password: 'short' },
      }),
      400,
    ],
  ];
  for (const [name, pending, status] of cases) {
    const res = await pending;
    expect({ name, status: res.status }).toEqual({ name, status });
    expect({ name, code: typeof res.body?.error?.code, message: typeof res.body?.error?.message }).toEqual({
      name,
      code: 'string',
      message: 'string',
    });
  }
  expect(await counts()).toEqual(before);
  expect((await chatDetail(chatId)).statusHistory).toHaveLength(1);
});

test('a restart on the same DATA_DIR keeps every chat and its state', async () => {
  const conversation = randomUUID();
  const { chatId } = (await send(opened(conversation))).body;
  await send(said(conversation, 'oi'));
  await untilChat(chatId, (c) => c.status === 'waiting_customer');

  expect(await stack.stop()).toBe(0);
  // Migrations at boot need the database file to themselves.
  await db.$disconnect();
  await stack.start();
  db = createDb(`file:${stack.dataDir}/atende.db`);
  const login = await stack.request('POST', '/api/v1/auth/login', { body: ADMIN });
  token = login.body.accessToken;

  // The same conversation goes on in the same chat and workflow.
  expect(await send(said(conversation, 'obrigado!'))).toEqual({ status: 202, body: { chatId } });
  const chat = await untilChat(chatId, (c) => c.messages.length === 4 && c.status === 'waiting_customer');
  expect(chat.messages.map((m: { sender: string }) => m.sender)).toEqual(['customer', 'bot', 'customer', 'bot']);
  expect(chat.messages[2].intent).toBe('thanks');
}, 180_000);

test('a deactivated channel stops taking webhooks', async () => {
  const created = await stack.request('POST', '/api/v1/channels', {
    token,
    body: { type: 'api', name: 'Old', secret: SECRET, callbackUrl: receiver.url },
  });
  expect((await stack.request('DELETE', `/api/v1/channels/${created.body.id}`, { token })).status).toBe(204);
  expect((await stack.request('GET', `/api/v1/channels/${created.body.id}`, { token })).body.active).toBe(false);
  const res = await stack.webhook(created.body.id, SECRET, opened(randomUUID()));
  expect(res.status).toBe(404);
});

test('live events: a supervisor watching /api/v1/events sees a conversation unfold as it happens', async () => {
  const events = await SseClient.open(`${stack.baseUrl}/api/v1/events`, { authorization: `Bearer ${token}` });
  try {
    await waitFor(
      async () => events.frames.length,
      (n) => n > 0,
    );
    const conversation = randomUUID();
    const { chatId } = (await send(opened(conversation))).body;
    await send(said(conversation, 'Preciso da segunda via do boleto'));
    const mine = () => events.events.filter((e) => JSON.parse(e.data).chatId === chatId);
    await waitFor(
      async () => mine().map((e) => e.event),
      (types) => types.includes('message.status'),
    );
    const types = mine().map((e) => e.event);
    expect(types.slice(0, 2)).toEqual(['chat.created', 'message.created']);
    expect(types).toEqual(expect.arrayContaining(['chat.status', 'message.created', 'message.status']));
    expect(types.filter((t) => t === 'message.created')).toHaveLength(2);
  } finally {
    await events.close();
  }
});
