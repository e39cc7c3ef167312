import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { Keyring } from '../../src/crypto/keyring';
import { DataKeys } from '../../src/privacy/dataKeys';
import {
  DATA_KEY_METADATA,
  DataKeyErasedError,
  EncryptionCodec,
  KEY_ID_METADATA,
} from '../../src/temporal/encryptionCodec';
import { createTestDatabase } from '../helpers/database';

// The chats' data keys (crypto-shredding) on a real migrated SQLite file:
// which key the codec picks from the SerializationContext, that decoding
// needs no context, that an erased key leaves ciphertext, and that the
// per-message path reads the database once per conversation, not per payload.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const old = { id: 'old', key: randomBytes(32) };
const current = { id: 'k2', key: randomBytes(32) };
const keyring = new Keyring([current, old]);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.cleanup());

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined | null) => Buffer.from(b ?? []).toString();
const json = (value: unknown): Payload => ({
  metadata: { encoding: utf8('json/plain') },
  data: utf8(JSON.stringify(value)),
});
const chat = (workflowId: string) => ({ type: 'workflow' as const, namespace: 'default', workflowId });
const activityOf = (workflowId: string) => ({
  type: 'activity' as const,
  namespace: 'default',
  workflowId,
  activityId: '1',
  isLocal: false,
});

test("a chat's payloads are sealed with its conversation's own key, named in the metadata; decoding needs no context", async () => {
  const keys = new DataKeys(database.db, keyring);
  const codec = new EncryptionCodec(keyring, keys);
  const [sealed] = await codec.encode([json({ text: 'Olá, sou a Maria' })], chat('chat-c1-aaaa'));
  const [fromActivity] = await codec.encode([json('x')], activityOf('chat-c1-aaaa'));
  const row = await database.db.dataKey.findUniqueOrThrow({ where: { workflowId: 'chat-c1-aaaa' } });
  expect(text(sealed!.metadata![DATA_KEY_METADATA])).toBe(row.id);
  expect(text(fromActivity!.metadata![DATA_KEY_METADATA])).toBe(row.id);
  expect(sealed!.metadata![KEY_ID_METADATA]).toBeUndefined();
  // Stored wrapped by the current deployment key, never in clear.
  expect(row.wrappingKeyId).toBe('k2');
  expect(Buffer.from(row.wrapped, 'base64').length).toBe(12 + 32 + 16);
  expect(text(sealed!.data)).not.toContain('Maria');

  // Another process (a fresh cache, e.g. the Web UI's codec endpoint) reads it by id alone.
  const [decoded] = await new EncryptionCodec(keyring, new DataKeys(database.db, keyring)).decode([sealed!]);
  expect(JSON.parse(text(decoded!.data))).toEqual({ text: 'Olá, sou a Maria' });
});

test('other workflows, calls without a context and payloads written before keep the deployment key', async () => {
  const codec = new EncryptionCodec(keyring, new DataKeys(database.db, keyring));
  const [noContext] = await codec.encode([json(1)]);
  const [other] = await codec.encode([json(2)], chat('retention-daily'));
  expect(text(noContext!.metadata![KEY_ID_METADATA])).toBe('k2');
  expect(text(other!.metadata![KEY_ID_METADATA])).toBe('k2');
  // Written before data keys, under an older deployment key: still readable.
  const [before] = await new EncryptionCodec(new Keyring([old])).encode([json('antes')], chat('chat-c1-old'));
  expect(text(before!.metadata![KEY_ID_METADATA])).toBe('old');
  const [decoded] = await codec.decode([before!]);
  expect(JSON.parse(text(decoded!.data))).toBe('antes');
});

test('an erased key leaves only ciphertext, while another conversation still decodes', async () => {
  const codec = new EncryptionCodec(keyring, new DataKeys(database.db, keyring));
  const [erased] = await codec.encode([json('segredo da Maria')], chat('chat-c1-maria'));
  const [kept] = await codec.encode([json('do João')], chat('chat-c1-joao'));
  await database.db.dataKey.delete({ where: { workflowId: 'chat-c1-maria' } });
  const fresh = new EncryptionCodec(keyring, new DataKeys(database.db, keyring));
  await expect(fresh.decode([erased!])).rejects.toBeInstanceOf(DataKeyErasedError);
  expect(JSON.parse(text((await fresh.decode([kept!]))[0]!.data))).toBe('do João');
  // And a codec without the database refuses rather than guessing.
  await expect(new EncryptionCodec(keyring).decode([kept!])).rejects.toThrow(/no database/);
});

test('a process that erased a key forgets it at once; a new chat of the conversation gets a new key', async () => {
  const keys = new DataKeys(database.db, keyring);
  const codec = new EncryptionCodec(keyring, keys);
  const [first] = await codec.encode([json('1')], chat('chat-c1-again'));
  const row = await database.db.dataKey.findUniqueOrThrow({ where: { workflowId: 'chat-c1-again' } });
  await database.db.dataKey.delete({ where: { id: row.id } });
  keys.forget(['chat-c1-again'], [row.id]);
  await expect(codec.decode([first!])).rejects.toBeInstanceOf(DataKeyErasedError);
  const [second] = await codec.encode([json('2')], chat('chat-c1-again'));
  expect(text(second!.metadata![DATA_KEY_METADATA])).not.toBe(row.id);
  expect(JSON.parse(text((await codec.decode([second!]))[0]!.data))).toBe('2');
});

test('concurrent first payloads of one conversation make one key', async () => {
  const codecs = [0, 1, 2].map(() => new EncryptionCodec(keyring, new DataKeys(database.db, keyring)));
  const sealed = await Promise.all(
    codecs.flatMap((c) => [c.encode([json('a')], chat('chat-c1-race')), c.encode([json('b')], chat('chat-c1-race'))]),
  );
  expect(new Set(sealed.map(([p]) => text(p!.metadata![DATA_KEY_METADATA]))).size).toBe(1);
  expect(await database.db.dataKey.count({ where: { workflowId: 'chat-c1-race' } })).toBe(1);
});

test('steady state: a chat costs the database nothing per payload (measured)', async () => {
  const keys = new DataKeys(database.db, keyring);
  const codec = new EncryptionCodec(keyring, keys);
  await codec.encode([json('first')], chat('chat-c1-steady'));
  const afterFirst = keys.lookups;
  expect(afterFirst).toBe(2); // one read, one insert: the conversation's first payload only
  const payload = json({ text: 'mensagem de tamanho comum, como as de um cliente' });
  const started = process.hrtime.bigint();
  const rounds = 2_000;
  for (let i = 0; i < rounds; i++) {
    const [sealed] = await codec.encode([payload], chat('chat-c1-steady'));
    await codec.decode([sealed!]);
  }
  const microsPerRound = Number(process.hrtime.bigint() - started) / 1_000 / rounds;
  expect(keys.lookups).toBe(afterFirst);
  // Informational (the machine is shared): an encode plus a decode from the cache.
  console.log(`data-key codec: ${microsPerRound.toFixed(1)} µs per encode+decode, ${keys.lookups} database calls`);
  expect(microsPerRound).toBeLessThan(5_000);
});
