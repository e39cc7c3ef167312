import { signBody } from '../../src/channels/signature';
import { FakeGraphApi } from '../fakes/graphApi';
import { ADMIN } from '../helpers/stack';
import { kill, SplitStack } from '../helpers/splitStack';
import { waitFor } from '../helpers/wait';
import { batch, PHONE_NUMBER_ID } from '../helpers/whatsappPayloads';

/**
 * The inbox of large WhatsApp batches (src/channels/inbox/), on the
 * production layout: two API processes and a worker on one database. A
 * batch is answered once it is written down; it is then applied in order
 * with what comes after it, and an API process SIGKILLed right after its
 * 200 loses nothing: the other process drains the batch when the dead one's
 * lease runs out, and every customer is stored and answered exactly once.
 */
const ACCESS_TOKEN = 'EAAGfakeAccessTokenForInboxTests0123456789';
const APP_SECRET = 'whatsapp-inbox-app-secret-0123';
const graph = new FakeGraphApi(ACCESS_TOKEN);
let stack: SplitStack;
let second: { port: number };
let channelId: string;

beforeAll(async () => {
  await graph.start();
  stack = new SplitStack({ WHATSAPP_API_URL: graph.apiUrl, WEBHOOK_INBOX_MIN_EVENTS: '20' });
  await stack.start();
  second = await stack.addApi();
  const auth = await stack.login(ADMIN);
  // Nobody takes chats: every message is the bot's to answer.
  await stack.call('PATCH', '/api/v1/me', { available: false }, auth);
  const created = await stack.call(
    'POST',
    '/api/v1/channels',
    {
      type: 'whatsapp',
      name: 'WhatsApp',
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: ACCESS_TOKEN,
      appSecret: APP_SECRET,
      verifyToken: 'verify-me-0123',
    },
    auth,
  );
  expect(created.status).toBe(201);
  channelId = String(created.body.id);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await graph.stop();
}, 60_000);

/** Posts a signed payload to one API process's WhatsApp webhook. */
async function post(port: number, payload: unknown): Promise<{ status: number; ms: number }> {
  const raw = JSON.stringify(payload);
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${port}/webhooks/whatsapp/${channelId}`, {
    method: 'POST',
    body: raw,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(APP_SECRET, raw) },
  });
  await res.arrayBuffer();
  return { status: res.status, ms: Date.now() - started };
}

const sendsTo = (phone: string) => graph.sends().filter((c) => String(c.json?.to) === phone).length;

test('a message after a held batch reaches its chat after the batch, in order', async () => {
  const phones = Array.from({ length: 100 }, (_, i) => String(5511960000000 + i));
  const last = phones[phones.length - 1]!;
  // The customer whose first message is the batch's last writes again right after its 200.
  const first = batch(phones.map((from) => ({ from, text: from === last ? 'primeira mensagem' : 'oi' })));
  expect((await post(stack.apiPort, first.payload)).status).toBe(200);
  const next = batch([{ from: last, text: 'segunda mensagem' }]);
  expect((await post(stack.apiPort, next.payload)).status).toBe(200);

  await waitFor(
    () => stack.db.message.count({ where: { channelId, channelMessageId: { in: [...first.ids, ...next.ids] } } }),
    (n) => n === 101,
    60_000,
  );
  // The order her chat took them in: the rows' insertion order (SQLite's rowid), not their
  // timestamps (each is its webhook call's arrival, so those are in order either way).
  const hers = await stack.db.$queryRawUnsafe<Array<{ content: string; chatId: string }>>(
    'SELECT "content", "chatId" FROM "Message" WHERE "channelMessageId" IN (?, ?) ORDER BY rowid',
    first.ids[99],
    next.ids[0],
  );
  expect(hers.map((m) => m.content)).toEqual(['primeira mensagem', 'segunda mensagem']);
  expect(new Set(hers.map((m) => m.chatId)).size).toBe(1);
  await waitFor(
    () => stack.db.inboundBatch.count(),
    (n) => n === 0,
    30_000,
  );
}, 120_000);

test('the API process killed right after answering a batch loses nothing: the other one drains it', async () => {
  const phones = Array.from({ length: 150 }, (_, i) => String(5511950000000 + i));
  const { ids, payload } = batch(phones.map((from) => ({ from, text: 'Preciso da segunda via do boleto' })));
  const answered = await post(stack.apiPort, payload);
  expect(answered.status).toBe(200);
  await kill(stack.api, 'SIGKILL');
  // The batch was written down before the 200, and is not applied yet.
  expect(await stack.db.inboundBatch.count()).toBeGreaterThanOrEqual(1);

  await waitFor(
    () => stack.db.message.count({ where: { channelId, channelMessageId: { in: ids } } }),
    (n) => n === ids.length,
    120_000,
  );
  await waitFor(
    async () => phones.filter((p) => sendsTo(p) >= 1).length,
    (n) => n === phones.length,
    120_000,
  );
  await waitFor(
    () => stack.db.inboundBatch.count(),
    (n) => n === 0,
    30_000,
  );
  // Once each: no message stored twice, no customer answered twice.
  const stored = await stack.db.message.findMany({
    where: { channelId, channelMessageId: { in: ids } },
    select: { channelMessageId: true, chatId: true },
  });
  expect(stored).toHaveLength(ids.length);
  expect(new Set(stored.map((m) => m.chatId)).size).toBe(phones.length);
  await new Promise((r) => setTimeout(r, 2_000));
  expect(phones.filter((p) => sendsTo(p) !== 1)).toEqual([]);
  // The surviving process still takes webhooks.
  expect((await post(second.port, batch([{ from: phones[0]!, text: 'obrigado' }]).payload)).status).toBe(200);
}, 300_000);
