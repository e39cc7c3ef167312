import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { cannedForReply, scopeKey, shortcutTaken, usableBy } from '../../src/cannedResponses/cannedResponses';
import { HttpError } from '../../src/http/httpError';
import { MediaStore } from '../../src/media/mediaStore';
import { startPostgres } from '../helpers/postgres';

// Canned responses' queries on PostgreSQL (tests/api/cannedResponses.test.ts runs them
// through the routes on SQLite): migration 0012, the unique shortcut per scope, who sees
// which, and a reply's rendering and atomic usage count.

let postgres: Awaited<ReturnType<typeof startPostgres>>;
let db: Db;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-canned-pg-'));

beforeAll(async () => {
  postgres = await startPostgres();
  await migrateDatabase(postgres.url);
  db = createDb(postgres.url);
}, 180_000);
afterAll(async () => {
  await db?.$disconnect();
  await postgres?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const ana = { id: 'ana', role: 'attendant', department: 'vendas' };
const caio = { id: 'caio', role: 'attendant', department: 'suporte' };

function write(
  shortcut: string,
  scope: 'personal' | 'department' | 'all',
  owner: string | null,
  department: string | null,
  content = 'x',
) {
  return db.cannedResponse
    .create({
      data: {
        shortcut,
        title: shortcut,
        content,
        scope,
        scopeKey: scopeKey(scope, owner, department),
        ownerId: owner,
        department,
        createdBy: owner ?? 'admin',
      },
    })
    .catch((err: unknown) => Promise.reject(shortcutTaken(err, shortcut)));
}

test('a shortcut is unique within its scope only; each sees theirs, their department’s and all', async () => {
  await write('oi', 'personal', 'ana', null);
  await write('oi', 'personal', 'caio', null);
  await write('oi', 'department', null, 'vendas');
  await write('oi', 'all', null, null);
  const taken = await write('oi', 'department', null, 'vendas').catch((e: unknown) => e);
  expect(taken).toBeInstanceOf(HttpError);
  expect((taken as HttpError).code).toBe('shortcut_taken');

  const seen = async (caller: typeof ana) =>
    (await db.cannedResponse.findMany({ where: usableBy(caller), orderBy: { scope: 'asc' } })).map(
      (r) => `${r.scope}:${r.ownerId ?? r.department ?? ''}`,
    );
  expect(await seen(ana)).toEqual(['all:', 'department:vendas', 'personal:ana']);
  expect(await seen(caio)).toEqual(['all:', 'personal:caio']);
});

test('a reply renders for the chat and counts every use, concurrent ones too', async () => {
  const channel = await db.channel.create({ data: { type: 'api', name: 'api' } });
  const contact = await db.contact.create({ data: { name: 'Joana Silva' } });
  await db.attendant.create({ data: { id: 'ana', name: 'Ana Souza', email: 'ana@example.com', passwordHash: 'x' } });
  await db.chat.create({
    data: {
      id: 'chat-pg',
      protocol: '20261201000042',
      workflowId: 'chat-pg',
      channelId: channel.id,
      externalChatId: 'c',
      contactId: contact.id,
      status: 'waiting_attendant',
      startedAt: new Date(),
    },
  });
  const row = await write(
    'proto',
    'personal',
    'ana',
    null,
    'Olá, {{contact.firstName}}: {{chat.protocol}} ({{attendant.firstName}})',
  );
  const media = MediaStore.inDataDir(dataDir);
  const use = await cannedForReply(db, media, ana, 'chat-pg', [row.id], undefined);
  expect(use.content).toBe('Olá, Joana: 20261201000042 (Ana)');
  await Promise.all(Array.from({ length: 5 }, () => use.used()));
  const counted = await db.cannedResponse.findUniqueOrThrow({ where: { id: row.id } });
  expect(counted.usageCount).toBe(5);
  expect(counted.lastUsedAt).not.toBeNull();
  // Another's personal one is not theirs to use.
  const other = await write('dele', 'personal', 'caio', null);
  const refused = await cannedForReply(db, media, ana, 'chat-pg', [other.id], undefined).catch((e: unknown) => e);
  expect((refused as HttpError).status).toBe(404);
});
