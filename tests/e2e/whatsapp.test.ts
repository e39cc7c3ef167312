import { Client, Connection } from '@temporalio/client';
import { signBody } from '../../src/channels/signature';
import { productCodec } from '../helpers/productCodec';
import { channelEventSignal, chatWorkflowV2 } from '../../workflows/chat';
import { legacyChatWorkflowId } from '../../workflows/ids';
import { createDb, type Db } from '../../src/db/client';
import { FakeGraphApi } from '../fakes/graphApi';
import { Stack } from '../helpers/stack';
import { waitFor } from '../helpers/wait';
import { AWKWARD_TEXT } from '../helpers/awkwardText';
import { wellFormedText } from '../../src/text/wellFormedText';
import { EVERY_TYPE, inbound, PHONE_NUMBER_ID, status, wamid } from '../helpers/whatsappPayloads';

// End to end: `npm start`'s own process with a local stand-in of the Graph
// API (WHATSAPP_API_URL): Meta's verification, signed webhooks, every
// message type, statuses in any order, the 24-hour window and templates.
// It logs at debug (the SDK's own worker logs too), so the last test can
// check that nothing logged names a customer.

const ACCESS_TOKEN = 'EAAGfakeAccessTokenForTests0123456789';
const APP_SECRET = 'whatsapp-app-secret-0123';
const VERIFY_TOKEN = 'verify-me-0123';

const graph = new FakeGraphApi(ACCESS_TOKEN);
let stack: Stack;
let db: Db;
let token: string;
let channelId: string;
let phones = 5511990000000;
/** The chat opened as before opaque ids, under its phone in clear. */
let legacyId = '';
const nextPhone = () => String(++phones);

function post(payload: unknown, opts: { signature?: string | null; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(payload);
  const signature = opts.signature === undefined ? signBody(APP_SECRET, raw) : opts.signature;
  return stack.request('POST', `/webhooks/whatsapp/${channelId}`, {
    raw,
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
  });
}
const chatOf = (phone: string) =>
  waitFor(() => db.chat.findFirst({ where: { externalChatId: phone }, include: { contact: true } }), Boolean);
const botMessage = (chatId: string, done: (m: { deliveryStatus: string | null } | null) => boolean) =>
  waitFor(
    () => db.message.findFirst({ where: { chatId, sender: { not: 'customer' } }, orderBy: { createdAt: 'desc' } }),
    done,
  );

beforeAll(async () => {
  await graph.start();
  stack = new Stack({ WHATSAPP_API_URL: graph.apiUrl, LOG_LEVEL: 'debug' });
  await stack.start();
  db = createDb(`file:${stack.dataDir}/atende.db`);
  token = await stack.signInAdmin();
  channelId = await stack.createChannel(token, {
    type: 'whatsapp',
    name: 'WhatsApp',
    phoneNumberId: PHONE_NUMBER_ID,
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
  });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  const code = await stack.stop();
  await graph.stop();
  stack.cleanup();
  expect(code).toBe(0);
});

test("Meta's verification GET gets the challenge back; a wrong verify token is a 403", async () => {
  const verify = (tokenValue: string) =>
    fetch(
      `${stack.baseUrl}/webhooks/whatsapp/${channelId}?hub.mode=subscribe&hub.verify_token=${tokenValue}&hub.challenge=1158201444`,
    );
  const ok = await verify(VERIFY_TOKEN);
  expect(ok.status).toBe(200);
  expect(await ok.text()).toBe('1158201444');
  const wrong = await verify('nope');
  expect(wrong.status).toBe(403);
  expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('verification_failed');
});

test('a customer question is answered through the Graph API, with the contact named and its phone in E.164', async () => {
  const phone = nextPhone();
  const { payload } = inbound(phone, 'text', { text: { body: 'Preciso da segunda via do boleto' } });
  expect(await post(payload)).toEqual({ status: 200, body: { ok: true } });

  const send = await waitFor(async () => graph.sends().find((c) => c.json?.to === phone), Boolean);
  expect(send!.path).toBe(`/v21.0/${PHONE_NUMBER_ID}/messages`);
  expect(send!.json).toMatchObject({ messaging_product: 'whatsapp', type: 'text' });
  expect(String((send!.json!.text as { body: string }).body)).toMatch(/segunda via/i);

  const chat = await chatOf(phone);
  expect(chat!.contact).toMatchObject({ name: 'Sheena Nelson', phone: `+${phone}` });
  const answer = await botMessage(chat!.id, (m) => m?.deliveryStatus === 'sent');
  expect(answer).toMatchObject({ channelMessageId: expect.stringMatching(/^wamid\.out/) });
});

test('a bad or missing signature is a 401 and writes nothing', async () => {
  const before = await db.message.count();
  const { payload } = inbound(nextPhone(), 'text', { text: { body: 'oi' } });
  for (const signature of [signBody('another-secret', JSON.stringify(payload)), 'sha256=00', null]) {
    const res = await post(payload, { signature });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_signature');
  }
  expect(await db.message.count()).toBe(before);
});

test('Meta retrying the same wamid stores one message', async () => {
  const phone = nextPhone();
  const { payload } = inbound(phone, 'text', { text: { body: 'Olá, bom dia' } });
  await post(payload);
  const chat = await chatOf(phone);
  await post(payload);
  await post(payload);
  await botMessage(chat!.id, Boolean);
  await new Promise((r) => setTimeout(r, 500));
  expect(await db.message.count({ where: { chatId: chat!.id, sender: 'customer' } })).toBe(1);
});

test('every message type is stored with its type and text; an unknown one as unsupported', async () => {
  const sent = EVERY_TYPE.map((t) => ({ ...t, phone: nextPhone() }));
  for (const t of sent) expect((await post(inbound(t.phone, t.type, t.fields).payload)).status).toBe(200);
  for (const t of sent) {
    const chat = await chatOf(t.phone);
    const message = await waitFor(
      () => db.message.findFirst({ where: { chatId: chat!.id, sender: 'customer' } }),
      Boolean,
    );
    expect(message!.type).toBe(t.stored);
    if (typeof t.content === 'string') expect(message!.content).toBe(t.content);
    else expect(message!.content).toMatch(t.content);
  }
});

test("a customer's image is fetched from Meta once and served to attendants", async () => {
  const phone = nextPhone();
  const bytes = Buffer.from('\xff\xd8\xff fake jpeg');
  graph.media.set('media-photo-1', { data: bytes, mimeType: 'image/jpeg' });
  await post(inbound(phone, 'image', { image: { id: 'media-photo-1', mime_type: 'image/jpeg', sha256: 'x' } }).payload);
  const chat = await chatOf(phone);
  const message = await waitFor(
    () => db.message.findFirst({ where: { chatId: chat!.id, sender: 'customer' } }),
    Boolean,
  );
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${stack.baseUrl}/api/v1/messages/${message!.id}/media`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
  }
  expect(graph.calls.filter((c) => c.path === '/v21.0/media-photo-1')).toHaveLength(1);
});

test('a reaction is kept on the message it reacts to, not as a turn of the chat', async () => {
  const phone = nextPhone();
  const first = inbound(phone, 'text', { text: { body: 'Obrigada pela ajuda' } });
  await post(first.payload);
  const chat = await chatOf(phone);
  await botMessage(chat!.id, Boolean);
  await post(inbound(phone, 'reaction', { reaction: { message_id: first.id, emoji: '❤️' } }).payload);
  const detail = await waitFor(
    async () => (await stack.request('GET', `/api/v1/chats/${chat!.id}`, { token })).body,
    (c) => c.messages.some((m: { reaction: string | null }) => m.reaction === '❤️'),
  );
  expect(detail.messages.filter((m: { sender: string }) => m.sender === 'customer')).toHaveLength(1);
});

test("statuses in any arrival order end at the furthest; failed keeps Meta's code and title", async () => {
  const phone = nextPhone();
  await post(inbound(phone, 'text', { text: { body: 'Preciso da segunda via do boleto' } }).payload);
  const chat = await chatOf(phone);
  const answer = await botMessage(chat!.id, (m) => m?.deliveryStatus === 'sent');
  const id = answer!.channelMessageId!;
  for (const value of ['read', 'sent', 'delivered'] as const)
    expect((await post(status(id, phone, value))).status).toBe(200);
  expect((await db.message.findUnique({ where: { id: answer!.id } }))!.deliveryStatus).toBe('read');

  // A status for a message Atende never sent is accepted and ignored.
  expect((await post(status('wamid.unknown', phone, 'delivered'))).status).toBe(200);

  const other = nextPhone();
  await post(inbound(other, 'text', { text: { body: 'Preciso da segunda via do boleto' } }).payload);
  const otherChat = await chatOf(other);
  const failing = await botMessage(otherChat!.id, (m) => m?.deliveryStatus === 'sent');
  const errors = [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message' }];
  await post(status(failing!.channelMessageId!, other, 'failed', errors));
  await post(status(failing!.channelMessageId!, other, 'delivered'));
  const failed = await db.message.findUnique({ where: { id: failing!.id } });
  expect(failed).toMatchObject({ deliveryStatus: 'failed', deliveryError: '131047 Re-engagement message' });
});

test('a send Meta refuses is marked failed with its code', async () => {
  graph.failNextSend({ status: 400, code: 131026, message: 'Message undeliverable' });
  const phone = nextPhone();
  await post(inbound(phone, 'text', { text: { body: 'Preciso da segunda via do boleto' } }).payload);
  const chat = await chatOf(phone);
  const answer = await botMessage(chat!.id, (m) => m?.deliveryStatus === 'failed');
  expect(answer!.deliveryError).toBe('WhatsApp 131026 Message undeliverable');
});

test('outside the 24-hour window a free-form reply is a 409, and a template goes out', async () => {
  const phone = nextPhone();
  await post(inbound(phone, 'text', { text: { body: 'Quero falar com um atendente' } }).payload);
  const chat = await chatOf(phone);
  await waitFor(
    () => db.chat.findUnique({ where: { id: chat!.id } }),
    (c) => c?.status === 'transferred',
  );
  expect((await stack.request('POST', `/api/v1/chats/${chat!.id}/claim`, { token })).status).toBe(200);
  // Inside the window a reply goes out as text.
  expect(
    (await stack.request('POST', `/api/v1/chats/${chat!.id}/messages`, { token, body: { content: 'Olá!' } })).status,
  ).toBe(200);

  // The customer's last message, 25 hours ago (the clock we control is the stored time).
  await db.message.updateMany({
    where: { chatId: chat!.id, sender: 'customer' },
    data: { createdAt: new Date(Date.now() - 25 * 3600 * 1000) },
  });
  const before = await db.message.count({ where: { chatId: chat!.id } });
  const late = await stack.request('POST', `/api/v1/chats/${chat!.id}/messages`, {
    token,
    body: { content: 'Ainda precisa?' },
  });
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('outside_customer_service_window');
  expect(await db.message.count({ where: { chatId: chat!.id } })).toBe(before);

  const template = await stack.request('POST', `/api/v1/chats/${chat!.id}/template`, {
    token,
    body: {
      name: 'retomar_atendimento',
      language: 'pt_BR',
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }],
    },
  });
  expect(template.status).toBe(200);
  const sent = await waitFor(
    async () => graph.sends().find((c) => c.json?.to === phone && c.json?.type === 'template'),
    Boolean,
  );
  expect(sent!.json!.template).toEqual({
    name: 'retomar_atendimento',
    language: { code: 'pt_BR' },
    components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }],
  });
  const row = await botMessage(chat!.id, (m) => m?.deliveryStatus === 'sent');
  expect(row).toMatchObject({ type: 'template', content: '[template retomar_atendimento]' });
});

test('an attendant sends a document: it is uploaded to Meta, then sent by media id with its filename', async () => {
  const phone = nextPhone();
  await post(inbound(phone, 'text', { text: { body: 'Quero falar com um atendente' } }).payload);
  const chat = await chatOf(phone);
  await waitFor(
    () => db.chat.findUnique({ where: { id: chat!.id } }),
    (c) => c?.status === 'transferred',
  );
  await stack.request('POST', `/api/v1/chats/${chat!.id}/claim`, { token });
  const pdf = Buffer.from('%PDF-1.4 contrato');
  const res = await stack.request('POST', `/api/v1/chats/${chat!.id}/messages`, {
    token,
    body: {
      content: 'Seu contrato',
      attachment: { filename: 'contrato.pdf', mimeType: 'application/pdf', dataBase64: pdf.toString('base64') },
    },
  });
  expect(res.status).toBe(200);
  const send = await waitFor(
    async () => graph.sends().find((c) => c.json?.to === phone && c.json?.type === 'document'),
    Boolean,
  );
  const upload = graph.calls.find(
    (c) => c.path === `/v21.0/${PHONE_NUMBER_ID}/media` && c.files.file?.data.equals(pdf),
  );
  expect(upload).toBeDefined();
  expect(upload!.form).toMatchObject({ messaging_product: 'whatsapp', type: 'application/pdf' });
  expect(send!.json!.document).toEqual({
    id: expect.stringMatching(/^upload-/),
    caption: 'Seu contrato',
    filename: 'contrato.pdf',
  });
});

test('a 5xx from the Graph API is retried, then the message is sent once', async () => {
  graph.failNextSend({ status: 500, code: 1, message: 'An unknown error occurred' });
  const phone = nextPhone();
  await post(inbound(phone, 'text', { text: { body: 'Olá, bom dia' } }).payload);
  const chat = await chatOf(phone);
  const answer = await botMessage(chat!.id, (m) => m?.deliveryStatus === 'sent');
  expect(answer!.deliveryError).toBeNull();
  expect(graph.sends().filter((c) => c.json?.to === phone)).toHaveLength(2);
});

test('awkward text as the profile name, a message and a caption is stored repaired, and the next message is answered', async () => {
  for (const [name, text] of Object.entries(AWKWARD_TEXT)) {
    const phone = nextPhone();
    expect([
      name,
      (await post(inbound(phone, 'text', { text: { body: text } }, undefined, text).payload)).status,
    ]).toEqual([name, 200]);
    const image = { image: { id: 'media-any', mime_type: 'image/jpeg', caption: text } };
    expect([name, (await post(inbound(phone, 'image', image).payload)).status]).toEqual([name, 200]);
    const next = inbound(phone, 'text', { text: { body: 'Preciso da segunda via do boleto' } });
    expect([name, (await post(next.payload)).status]).toEqual([name, 200]);
    const chat = await chatOf(phone);
    const rows = await waitFor(
      () => db.message.findMany({ where: { chatId: chat!.id, sender: 'customer' }, orderBy: { createdAt: 'asc' } }),
      (r) => r.length === 3,
    );
    const repaired = wellFormedText(text).trim();
    expect([name, rows.map((m) => m.content.trim())]).toEqual([
      name,
      [repaired, repaired, 'Preciso da segunda via do boleto'],
    ]);
    expect([name, chat!.contact.name]).toEqual([name, wellFormedText(text)]);
    await waitFor(
      async () => graph.sends().filter((c) => c.json?.to === phone).length,
      (n) => n >= 1,
    );
  }
});

test("a chat's workflow id hides the phone, and the phone's next message reaches the same chat", async () => {
  const phone = nextPhone();
  await post(inbound(phone, 'text', { text: { body: 'Olá' } }).payload);
  const chat = await chatOf(phone);
  expect(chat!.workflowId).toMatch(new RegExp(`^chat-${channelId}-[a-z2-7]{32}$`));
  expect(chat!.workflowId).not.toContain(phone.slice(2));
  await post(inbound(phone, 'text', { text: { body: 'Preciso da segunda via do boleto' } }).payload);
  await waitFor(
    () => db.message.count({ where: { chatId: chat!.id, sender: 'customer' } }),
    (n) => n === 2,
  );
  expect(await db.chat.count({ where: { externalChatId: phone } })).toBe(1);
});

test('a chat opened under the old id (the phone in clear) before the upgrade keeps receiving its messages', async () => {
  const phone = nextPhone();
  // As the version before opaque ids opened it.
  const client = new Client({
    connection: await Connection.connect({ address: stack.temporalAddress }),
    dataConverter: { payloadCodecs: [productCodec(stack.dataDir, db)] },
  });
  legacyId = legacyChatWorkflowId(channelId, phone);
  try {
    const now = new Date().toISOString();
    await client.workflow.signalWithStart(chatWorkflowV2, {
      taskQueue: 'chats',
      workflowId: legacyId,
      args: [
        {
          channelId,
          channelType: 'whatsapp',
          externalChatId: phone,
          contact: { name: 'Sheena Nelson', phone: `+${phone}` },
          chatId: `legacy-${phone}`,
        },
      ],
      memo: { chatId: `legacy-${phone}` },
      signal: channelEventSignal,
      signalArgs: [
        {
          type: 'message',
          message: {
            channelMessageId: wamid(),
            direction: 'received',
            type: 'text',
            content: 'Olá',
            sentAt: now,
            receivedAt: now,
          },
        },
      ],
    });
    const chat = await chatOf(phone);
    expect(chat).toMatchObject({ id: `legacy-${phone}`, workflowId: legacyId });

    await post(inbound(phone, 'text', { text: { body: 'Preciso da segunda via do boleto' } }).payload);
    await waitFor(
      () => db.message.count({ where: { chatId: chat!.id, sender: 'customer' } }),
      (n) => n === 2,
    );
    expect(await db.chat.count({ where: { externalChatId: phone } })).toBe(1);
    expect((await client.workflow.getHandle(legacyId).describe()).status.name).toBe('RUNNING');
  } finally {
    await client.connection.close();
  }
});

test("nothing the process logged (API, worker, the SDK's own lines) names a customer: no phone, no name", async () => {
  const opaque = await db.chat.findFirst({ where: { workflowId: { not: legacyId } }, select: { workflowId: true } });
  // Logged at debug: the worker's lines name the chats' workflows (so there are lines to look at).
  expect(stack.output).toContain(opaque!.workflowId);
  // The chat opened under the old id above is named by its phone, as every chat was before.
  const output = stack.output.replaceAll(legacyId, '');
  for (let n = 5511990000001; n <= phones; n++) expect(output).not.toContain(String(n).slice(2));
  expect(output).not.toContain('Sheena');
});
