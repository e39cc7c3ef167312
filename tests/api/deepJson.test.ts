import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Keyring } from '../../src/crypto/keyring';
import { signBody } from '../../src/channels/signature';
import { EncryptionCodec } from '../../src/temporal/encryptionCodec';
import { codecApp } from '../../src/temporal/codecServer';
import { ApiApp } from '../helpers/apiApp';
import { FAKE_BOT_TOKEN } from '../helpers/channelServices';

// Bodies nested absurdly deep (100,000 arrays, 200 KB) reach the routes
// that answer without credentials. Each is a 400 with the JSON error shape
// naming the limit, never a 500 (the text repair used to recurse once per
// level until the stack overflowed), and nothing is written.

const DEPTH = 100_000;
const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const API_SECRET = 'api-channel-secret-0123456789';
const TELEGRAM_SECRET = 'telegram-webhook-secret_0123';
const APP_SECRET = 'whatsapp-app-secret-0123';

const app = new ApiApp();
const ids: Record<'api' | 'telegram' | 'whatsapp', string> = { api: '', telegram: '', whatsapp: '' };

beforeAll(async () => {
  await app.start();
  const channel = (type: string, settings: object, credentials: object) => app.addChannel(type, settings, credentials);
  ids.api = await channel('api', { callbackUrl: 'http://127.0.0.1:9/cb' }, { secret: API_SECRET });
  ids.telegram = await channel('telegram', { mode: 'webhook' }, { botToken: FAKE_BOT_TOKEN, secret: TELEGRAM_SECRET });
  ids.whatsapp = await app.addWhatsAppChannel(APP_SECRET);
});
afterAll(() => app.stop());

const counts = async () => ({
  chats: await app.db.chat.count(),
  messages: await app.db.message.count(),
  contacts: await app.db.contact.count(),
  limits: await app.db.rateLimiterFlexible.count(),
});

function expectDepthRefused(res: { status: number; body: unknown }) {
  expect(res.status).toBe(400);
  expect(res.body).toEqual({
    error: { code: 'invalid_json', message: expect.stringMatching(/deeper than 64 levels/) },
  });
}

describe.each(['/api/v1/auth/login', '/api/v1/auth/refresh'])('POST %s', (path) => {
  test(`${DEPTH} nested arrays → 400 naming the limit, nothing written`, async () => {
    const before = await counts();
    const res = await app.request('POST', path, { raw: deep(DEPTH), headers: { 'content-type': 'application/json' } });
    expectDepthRefused(res);
    expect(await counts()).toEqual(before);
  });

  test('deep inside an object too; 64 levels are still just a wrong body', async () => {
    const tooDeep = `{"email":${deep(65)},"password":"x"}`;
    expectDepthRefused(
      await app.request('POST', path, { raw: tooDeep, headers: { 'content-type': 'application/json' } }),
    );
    const deepest = await app.request('POST', path, { raw: deep(64), headers: { 'content-type': 'application/json' } });
    expect(deepest.status).toBe(400);
    expect(deepest.body.error.code).toBe('invalid_request');
  });
});

describe('webhooks, properly authenticated so the body reaches decoding', () => {
  const raw = deep(DEPTH);
  test.each([
    ['api', () => ({ 'x-atende-signature': signBody(API_SECRET, raw) })],
    ['telegram', () => ({ 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET })],
    ['whatsapp', () => ({ 'x-hub-signature-256': signBody(APP_SECRET, raw) })],
  ] as const)(`%s: ${DEPTH} nested arrays → 400 naming the limit, nothing written`, async (type, headers) => {
    const before = await counts();
    const res = await app.request('POST', `/webhooks/${type}/${ids[type]}`, {
      raw,
      headers: { 'content-type': 'application/json', ...headers() },
    });
    expectDepthRefused(res);
    expect(await counts()).toEqual(before);
  });
});

describe("the codec server's /decode and /encode", () => {
  const lines: string[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    const codec = new EncryptionCodec(new Keyring([{ id: 'k1', key: Buffer.alloc(32, 1) }]));
    server = http.createServer(
      codecApp(
        codec,
        { allowedOrigins: ['http://localhost:8233'], allowedHosts: ['127.0.0.1'], auth: null },
        log,
      ).callback(),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test.each(['/decode', '/encode'])(`%s: ${DEPTH} nested arrays → 400, and no stack in the log`, async (path) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"payloads":${deep(DEPTH)}}`,
    });
    expectDepthRefused({ status: res.status, body: await res.json() });
    expect(lines).toEqual([]);
  });
});
