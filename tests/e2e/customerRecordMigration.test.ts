import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createDb } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { startPostgres } from '../helpers/postgres';

// Migration 0008 on data as 0007 left it, on SQLite and on PostgreSQL: every
// per-channel contact becomes one identity, and two contacts with the same
// phone (one in its old 8-digit form) become one contact holding both chats.
// Each script runs as Prisma's driver adapters run it (SQLite: the file at
// once; PostgreSQL: statement by statement).

const ROOT = path.join(__dirname, '..', '..', 'prisma');

function migrations(dir: string, upTo: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => !name.endsWith('.toml') && name <= upTo)
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8'));
}

interface Raw {
  script(sql: string): Promise<void>;
  rows(sql: string): Promise<Array<Record<string, unknown>>>;
}

/** Old-shaped rows: two channels, three contacts (two share a phone, one of them 8-digit), a chat each. */
async function seedOldRows(raw: Raw, at: (iso: string) => string) {
  await raw.script(`
    INSERT INTO "Channel" ("id", "type", "name", "updatedAt") VALUES
      ('wa', 'whatsapp', 'WhatsApp', ${at('2025-01-01T00:00:00Z')}),
      ('site', 'api', 'Site', ${at('2025-01-01T00:00:00Z')});
    INSERT INTO "Contact" ("id", "channelId", "externalId", "name", "phone", "email", "metadata", "createdAt", "updatedAt") VALUES
      ('c-wa', 'wa', '551188887777', 'Rita', '+551188887777', NULL, '{"plano":"ouro"}', ${at('2025-01-02T00:00:00Z')}, ${at('2025-01-02T00:00:00Z')}),
      ('c-site', 'site', '+5511988887777', 'Rita Lima', '+5511988887777', 'Rita@Example.com', '{}', ${at('2025-01-03T00:00:00Z')}, ${at('2025-01-03T00:00:00Z')}),
      ('c-other', 'site', 'conversation:x', 'Outro', NULL, NULL, '{}', ${at('2025-01-04T00:00:00Z')}, ${at('2025-01-04T00:00:00Z')});
    INSERT INTO "Chat" ("id", "workflowId", "channelId", "externalChatId", "contactId", "status", "startedAt", "updatedAt") VALUES
      ('chat-wa', 'w1', 'wa', '551188887777', 'c-wa', 'resolved', ${at('2025-01-02T00:00:00Z')}, ${at('2025-01-02T00:00:00Z')}),
      ('chat-site', 'w2', 'site', 'conv-1', 'c-site', 'in_progress', ${at('2025-01-03T00:00:00Z')}, ${at('2025-01-03T00:00:00Z')}),
      ('chat-other', 'w3', 'site', 'x', 'c-other', 'bot', ${at('2025-01-04T00:00:00Z')}, ${at('2025-01-04T00:00:00Z')});
  `);
}

/** The migrations after `after`, in order: what an upgrade applies next. */
function migrationsAfter(dir: string, after: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => !name.endsWith('.toml') && name > after)
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8'));
}

async function expectMovedRight(raw: Raw, url: string, later: string[]) {
  const contacts = await raw.rows('SELECT "id", "name", "phone", "email", "attributes" FROM "Contact" ORDER BY "id"');
  expect(contacts).toEqual([
    { id: 'c-other', name: 'Outro', phone: null, email: null, attributes: '{}' },
    // The oldest keeps the phone, in its 9-digit form, and its own fields.
    { id: 'c-wa', name: 'Rita', phone: '+5511988887777', email: null, attributes: '{"plano":"ouro"}' },
  ]);
  const identities = await raw.rows(
    'SELECT "channelId", "externalId", "contactId" FROM "ContactIdentity" ORDER BY "channelId", "externalId"',
  );
  expect(identities).toEqual([
    { channelId: 'site', externalId: '+5511988887777', contactId: 'c-wa' },
    { channelId: 'site', externalId: 'conversation:x', contactId: 'c-other' },
    { channelId: 'wa', externalId: '551188887777', contactId: 'c-wa' },
  ]);
  const chats = await raw.rows('SELECT "id", "contactId" FROM "Chat" ORDER BY "id"');
  expect(chats).toEqual([
    { id: 'chat-other', contactId: 'c-other' },
    { id: 'chat-site', contactId: 'c-wa' },
    { id: 'chat-wa', contactId: 'c-wa' },
  ]);
  // The later migrations apply on the migrated rows, and the app's client reads them.
  for (const sql of later) await raw.script(sql);
  const db = createDb(url);
  try {
    const rita = await db.contact.findUniqueOrThrow({
      where: { phone: '+5511988887777' },
      include: { identities: true, chats: true },
    });
    expect(rita.identities).toHaveLength(2);
    expect(rita.chats.map((c) => c.id).sort()).toEqual(['chat-site', 'chat-wa']);
    expect(rita.sources).toBe('{}');
  } finally {
    await db.$disconnect();
  }
}

test('SQLite: 0008 moves per-channel contacts to one contact per person', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-0008-'));
  const file = path.join(dir, 'test.db');
  const sqlite = new Database(file);
  const raw: Raw = {
    script: async (sql) => void sqlite.exec(sql),
    rows: async (sql) => sqlite.prepare(sql).all() as Array<Record<string, unknown>>,
  };
  try {
    sqlite.pragma('foreign_keys = ON');
    for (const sql of migrations(path.join(ROOT, 'migrations'), '0007_channel_closes')) await raw.script(sql);
    await seedOldRows(raw, (iso) => `'${new Date(iso).toISOString().replace('Z', '+00:00')}'`);
    const [sql0008] = migrations(path.join(ROOT, 'migrations'), '0008_customer_record').slice(-1);
    await raw.script(sql0008!);
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    await expectMovedRight(raw, `file:${file}`, migrationsAfter(path.join(ROOT, 'migrations'), '0008_customer_record'));
  } finally {
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL: 0008 moves per-channel contacts to one contact per person', async () => {
  const postgres = await startPostgres();
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  // As the pg adapter runs a migration: statement by statement.
  const raw: Raw = {
    script: async (sql) => {
      for (const statement of sql.split(';').map((s) => s.trim())) if (statement) await client.query(statement);
    },
    rows: async (sql) => (await client.query(sql)).rows,
  };
  try {
    const dir = path.join(ROOT, 'postgresql', 'migrations');
    for (const sql of migrations(dir, '0007_channel_closes')) await raw.script(sql);
    await seedOldRows(raw, (iso) => `TIMESTAMP '${iso.replace('T', ' ').replace('Z', '')}'`);
    await raw.script(migrations(dir, '0008_customer_record').at(-1)!);
    await expectMovedRight(raw, postgres.url, migrationsAfter(dir, '0008_customer_record'));
    // And through Prisma's own deploy, on an empty database: every migration applies.
    await client.query('CREATE DATABASE fresh');
    await migrateDatabase(postgres.url.replace(/\/atende$/, '/fresh'));
  } finally {
    await client.end();
    await postgres.stop();
  }
}, 180_000);

test("no PostgreSQL migration has a ';' in a comment: the pg adapter splits scripts on every ';'", () => {
  const dir = path.join(ROOT, 'postgresql', 'migrations');
  const offending = fs
    .readdirSync(dir)
    .filter((name) => !name.endsWith('.toml'))
    .flatMap((name) =>
      fs
        .readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
        .split('\n')
        .filter((line) => /--.*;/.test(line))
        .map((line) => `${name}: ${line}`),
    );
  expect(offending).toEqual([]);
});
