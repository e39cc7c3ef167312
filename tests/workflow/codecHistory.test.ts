import http from 'node:http';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/env';
import { logger } from '../../src/logger';
import { codecAccessOf, dataConverterOf, keyringOf } from '../../src/runtime';
import { codecApp } from '../../src/temporal/codecServer';
import { ENCRYPTED_ENCODING, EncryptionCodec } from '../../src/temporal/encryptionCodec';
import { channelEventSignal, claimUpdate, replyUpdate, resolveUpdate } from '../../workflows/chat';
import { ChatHarness } from '../helpers/chatHarness';
import { freePort } from '../helpers/stack';

// What ops see in the Web UI: every payload of a real chat's history, written
// by a worker and client on the product's data converter (EncryptionCodec),
// posted to the codec endpoint in one batch as the UI does, comes back readable.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-codec-'));
const env = { DATA_DIR: dataDir, ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}` };
const config = loadConfig(env);
const h = new ChatHarness('time-skipping', dataConverterOf(config));
let server: http.Server;
let codecUrl: string;

beforeAll(async () => {
  await h.setUp();
  // As npm start serves it in development (the embedded UI's origin, the endpoint's own Host names).
  const port = await freePort();
  const served = loadConfig({ ...env, CODEC_PORT: String(port) });
  const app = codecApp(new EncryptionCodec(keyringOf(served)), codecAccessOf(served, null), logger);
  server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  codecUrl = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await h.tearDown();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Bytes = Uint8Array;
type Payload = { metadata?: Record<string, Bytes> | null; data?: Bytes | null };

/** Every object in the events that has the shape of a payload (metadata of bytes, optional data bytes). */
function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return found;
  if (Array.isArray(value)) {
    for (const item of value) payloadsIn(item, found);
    return found;
  }
  const record = value as Record<string, unknown>;
  const metadata = record.metadata;
  if (
    metadata &&
    typeof metadata === 'object' &&
    !Array.isArray(metadata) &&
    Object.values(metadata).every((v) => v instanceof Uint8Array) &&
    (record.data === undefined || record.data === null || record.data instanceof Uint8Array)
  ) {
    found.push(record as Payload);
    return found;
  }
  for (const child of Object.values(record)) payloadsIn(child, found);
  return found;
}

/** The protobuf-JSON form the Web UI posts: bytes as base64, empty bytes as "" (as proto3 JSON may). */
function asUiJson(payload: Payload) {
  const base64 = (b: Bytes) => Buffer.from(b).toString('base64');
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, base64(v)])),
    ...(payload.data !== undefined && payload.data !== null ? { data: base64(payload.data) } : {}),
  };
}

test("every payload of a chat's history decodes through the codec endpoint in one batch", async () => {
  const worker = await h.newWorker();
  let workflowId = '';
  await worker.runUntil(async () => {
    // On the flaky receiver (503 twice): the bot's answer is retried by the outbox as a normal activity.
    const start = h.chatStart(`codec-${Date.now()}`, h.flakyChannelId);
    const handle = await h.send(start, h.message('quero falar com um atendente'), { chatId: 'memo-chat-id' });
    workflowId = handle.workflowId;
    const state = await h.untilStatus(handle, 'transferred');
    const as = { attendantId: 'ana', role: 'attendant' as const, chatId: state.chatId };
    await handle.executeUpdate(claimUpdate, { args: [as] });
    await handle.executeUpdate(replyUpdate, { args: [{ ...as, content: 'Olá, sou a Ana.' }] });
    await handle.signal(channelEventSignal, { type: 'message', message: h.message('obrigada') });
    await handle.executeUpdate(resolveUpdate, { args: [{ ...as, note: 'ok' }] });
    await handle.result();
  });

  const history = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
  const payloads = payloadsIn(history.events);
  const types = new Set(
    history.events!.flatMap((e) => Object.keys(e).filter((k) => k.endsWith('Attributes') && e[k as keyof typeof e])),
  );
  // The history has what the Web UI shows: a start with its memo, markers (local activities),
  // activity results, signals, updates, a result.
  expect(history.events![0]!.workflowExecutionStartedEventAttributes!.memo!.fields!.chatId).toBeDefined();
  for (const kind of [
    'markerRecordedEventAttributes',
    'activityTaskCompletedEventAttributes',
    'workflowExecutionSignaledEventAttributes',
    'workflowExecutionUpdateAcceptedEventAttributes',
    'workflowExecutionUpdateCompletedEventAttributes',
    'workflowExecutionCompletedEventAttributes',
  ])
    expect(types).toContain(kind);
  expect(payloads.length).toBeGreaterThan(10);
  const encrypted = (p: { metadata: Record<string, string> }) =>
    Buffer.from(p.metadata.encoding ?? '', 'base64').toString() === ENCRYPTED_ENCODING;
  const posted = payloads.map(asUiJson);
  expect(posted.filter(encrypted).length).toBeGreaterThan(10);

  const res = await fetch(`${codecUrl}/decode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:8233', 'x-namespace': 'default' },
    body: JSON.stringify({ payloads: posted }),
  });
  const body = (await res.json()) as { payloads: Array<{ metadata: Record<string, string>; data?: string }> };
  expect({ status: res.status, body: res.status === 200 ? 'ok' : body }).toEqual({ status: 200, body: 'ok' });
  expect(body.payloads).toHaveLength(posted.length);
  expect(body.payloads.filter(encrypted)).toEqual([]);
  // Each decoded payload is a readable encoding (JSON, or the SDK's null), never ciphertext.
  const encodings = new Set(body.payloads.map((p) => Buffer.from(p.metadata.encoding ?? '', 'base64').toString()));
  for (const encoding of encodings) expect(['json/plain', 'binary/null']).toContain(encoding);
  const texts = body.payloads.map((p) => Buffer.from(p.data ?? '', 'base64').toString()).join('\n');
  expect(texts).toContain('Olá, sou a Ana.');
  expect(texts).toContain('obrigada');
});

test('the codec gives back a payload recorded without data as a payload without data, never a plain array', async () => {
  const codec = new EncryptionCodec(keyringOf(config));
  const nothing = { metadata: { encoding: new TextEncoder().encode('binary/null') } };
  const [decoded] = await codec.decode(await codec.encode([nothing]));
  expect(decoded!.data === undefined || decoded!.data instanceof Uint8Array).toBe(true);
  expect(decoded!.data?.length ?? 0).toBe(0);
  expect(Buffer.from(decoded!.metadata!.encoding!).toString()).toBe('binary/null');
});
