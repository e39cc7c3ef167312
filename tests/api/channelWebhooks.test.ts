import { signBody } from '../../src/channels/signature';
import { ApiApp } from '../helpers/apiApp';
import { FAKE_BOT_TOKEN } from '../helpers/channelServices';
import { messageUpdate } from '../helpers/telegramUpdates';
import { inbound } from '../helpers/whatsappPayloads';

// Malformed provider payloads, each properly authenticated so it reaches
// parsing: every one is a 4xx with the JSON error shape, never a 500, and
// nothing is written. (Well-formed traffic is in tests/e2e/telegram and whatsapp.)

const app = new ApiApp();
const SECRET = 'telegram-webhook-secret_0123';
const APP_SECRET = 'whatsapp-app-secret-0123';
let telegramId: string;
let whatsappId: string;

beforeAll(async () => {
  await app.start();
  telegramId = await app.addChannel('telegram', { mode: 'webhook' }, { botToken: FAKE_BOT_TOKEN, secret: SECRET });
  whatsappId = await app.addWhatsAppChannel(APP_SECRET);
});
afterAll(() => app.stop());

const counts = async () => ({
  chats: await app.db.chat.count(),
  messages: await app.db.message.count(),
  contacts: await app.db.contact.count(),
  settings: await app.db.setting.count(),
});

const valid = messageUpdate(1, { text: 'oi' });
const TELEGRAM_CASES: Array<[string, string | Buffer]> = [
  ['not JSON', '{"update_id": 1, '],
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
  ['a JSON array', '[]'],
  ['null', 'null'],
  ['no update_id', JSON.stringify({ message: valid.message })],
  ['update_id as a string', JSON.stringify({ ...valid, update_id: '1' })],
  ['a negative update_id', JSON.stringify({ ...valid, update_id: -1 })],
  ['a message without a chat', JSON.stringify({ ...valid, message: { ...valid.message, chat: undefined } })],
  [
    'chat.id as a string',
    JSON.stringify({ ...valid, message: { ...valid.message, chat: { id: 'x', type: 'private' } } }),
  ],
  ['text as a number', JSON.stringify({ ...valid, message: { ...valid.message, text: 42 } })],
  [
    'photo not a list',
    JSON.stringify({ ...valid, message: { ...valid.message, text: undefined, photo: { file_id: 'x' } } }),
  ],
  ['a 2 MB body', JSON.stringify({ ...valid, message: { ...valid.message, text: 'a'.repeat(2_000_000) } })],
];

describe('Telegram webhook', () => {
  test.each(TELEGRAM_CASES)('%s → 4xx, nothing written', async (_name, raw) => {
    const before = await counts();
    const res = await app.request('POST', `/webhooks/telegram/${telegramId}`, {
      raw,
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error.code).toEqual(expect.any(String));
    expect(await counts()).toEqual(before);
  });

  test('an unknown channel is a 404; another type of channel under this path too', async () => {
    for (const id of ['nope', whatsappId]) {
      const res = await app.request('POST', `/webhooks/telegram/${id}`, {
        raw: '{}',
        headers: { 'x-telegram-bot-api-secret-token': SECRET },
      });
      expect(res.status).toBe(404);
    }
  });
});

const ok = inbound('5511999990000', 'text', { text: { body: 'oi' } }).payload;
const change = ok.entry[0]!.changes[0]!;
const withValue = (value: Record<string, unknown>) =>
  JSON.stringify({
    ...ok,
    entry: [{ ...ok.entry[0], changes: [{ ...change, value: { ...change.value, ...value } }] }],
  });
const firstMessage = (change.value as unknown as { messages: Array<Record<string, unknown>> }).messages[0]!;
const WHATSAPP_CASES: Array<[string, string | Buffer]> = [
  ['not JSON', '{"object":'],
  ['empty', ''],
  ['invalid UTF-8', Buffer.from([0x7b, 0xc3, 0x28, 0x7d])],
  ['another object', JSON.stringify({ ...ok, object: 'page' })],
  ['no entry', JSON.stringify({ object: 'whatsapp_business_account' })],
  ['entry not a list', JSON.stringify({ ...ok, entry: {} })],
  ['changes missing', JSON.stringify({ ...ok, entry: [{ id: '1' }] })],
  ['value without metadata', withValue({ metadata: undefined })],
  ['from not digits', withValue({ messages: [{ ...firstMessage, from: '+55 11' }] })],
  ['timestamp as a number', withValue({ messages: [{ ...firstMessage, timestamp: 1700000000 }] })],
  ['text.body as a number', withValue({ messages: [{ ...firstMessage, text: { body: 1 } }] })],
  [
    'a status error code as a string',
    withValue({ statuses: [{ id: 'wamid.x', status: 'failed', errors: [{ code: 'x' }] }] }),
  ],
  ['a 4 MB body', withValue({ messages: [{ ...firstMessage, text: { body: 'a'.repeat(4_000_000) } }] })],
];

describe('WhatsApp webhook', () => {
  test.each(WHATSAPP_CASES)('%s → 4xx, nothing written', async (_name, raw) => {
    const before = await counts();
    const res = await app.request('POST', `/webhooks/whatsapp/${whatsappId}`, {
      raw,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(APP_SECRET, raw) },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error.code).toEqual(expect.any(String));
    expect(await counts()).toEqual(before);
  });

  test('verification with a wrong mode or no challenge is a 403 with the JSON error shape', async () => {
    for (const query of [
      'hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1',
      'hub.mode=subscribe&hub.verify_token=verify-me',
    ]) {
      const res = await app.request('GET', `/webhooks/whatsapp/${whatsappId}?${query}`);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('verification_failed');
    }
  });
});

describe('channel credentials are checked for shape', () => {
  test.each([
    [{ type: 'telegram', name: 'B', botToken: 'not-a-token', secret: SECRET }, 'body.botToken'],
    [
      {
        type: 'telegram',
        name: 'B',
        botToken: '123456:AAFakeTokenFakeTokenFakeTokenFake',
        secret: SECRET,
        mode: 'push',
      },
      'body.mode',
    ],
    [
      { type: 'telegram', name: 'B', botToken: '123456:AAFakeTokenFakeTokenFakeTokenFake', secret: 'short' },
      'body.secret',
    ],
    [
      { type: 'whatsapp', name: 'W', phoneNumberId: 'abc', accessToken: 'EAAx', appSecret: 's', verifyToken: 'v' },
      'body.phoneNumberId',
    ],
  ])('%j → 400 naming %s, nothing written', async (body, field) => {
    const { token } = await app.as('admin');
    const before = await app.db.channel.count();
    const res = await app.request('POST', '/api/v1/channels', { token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await app.db.channel.count()).toBe(before);
  });
});
