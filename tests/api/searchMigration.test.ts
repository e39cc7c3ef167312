import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { sqlitePathFromUrl } from '../../src/config/paths';
import { search } from '../../src/search/search';
import { createTestDatabase } from '../helpers/database';
import { startPostgres } from '../helpers/postgres';

// Migration 0011_search indexes the messages and contacts stored before it:
// rows written, the search tables dropped, the migration's SQL run again as
// `prisma migrate deploy` runs it (SQLite: one script; PostgreSQL: split at
// each semicolon, as Prisma's pg adapter does).

const migration = (dir: string) =>
  fs.readFileSync(path.join(__dirname, '../../prisma', dir, '0011_search/migration.sql'), 'utf8');

const SUPERVISOR = { id: 'nobody', role: 'supervisor' as const, department: null };

async function storeRows(db: Db): Promise<void> {
  const channel = await db.channel.create({ data: { type: 'api', name: 'before' } });
  const contact = await db.contact.create({ data: { name: 'Sebastião Brandão', phone: '+5511977776666' } });
  await db.chat.create({
    data: {
      id: 'before-1',
      workflowId: 'before-1',
      channelId: channel.id,
      externalChatId: 'x',
      contactId: contact.id,
      status: 'resolved',
      startedAt: new Date(),
    },
  });
  await db.message.create({
    data: {
      id: 'before-1-in-1',
      chatId: 'before-1',
      channelId: channel.id,
      sender: 'customer',
      content: 'A instalação foi remarcada',
      createdAt: new Date(),
    },
  });
}

async function expectFound(db: Db): Promise<void> {
  expect((await search(db, SUPERVISOR, { q: 'instalacao', limit: 20 })).items.map((i) => i.id)).toEqual([
    'before-1-in-1',
  ]);
  expect((await search(db, SUPERVISOR, { q: 'brandao', type: 'contacts', limit: 20 })).items).toHaveLength(1);
}

test('on SQLite', async () => {
  const database = await createTestDatabase();
  try {
    await storeRows(database.db);
    const raw = new Database(sqlitePathFromUrl(database.url));
    raw.exec(`
      DROP TRIGGER "Message_search_insert"; DROP TRIGGER "Message_search_update";
      DROP TRIGGER "Message_search_move"; DROP TRIGGER "Message_search_delete";
      DROP TRIGGER "Contact_search_insert"; DROP TRIGGER "Contact_search_update"; DROP TRIGGER "Contact_search_delete";
      DROP TABLE "MessageSearch"; DROP TABLE "MessageSearchKey"; DROP TABLE "ContactSearch"; DROP TABLE "ContactSearchKey";
      DROP INDEX "StatusChange_actor_chatId_idx";`);
    raw.exec(migration('migrations'));
    raw.close();
    await expectFound(database.db);
  } finally {
    await database.cleanup();
  }
});

test('on PostgreSQL', async () => {
  const postgres = await startPostgres();
  const db = createDb(postgres.url);
  try {
    await migrateDatabase(postgres.url);
    await storeRows(db);
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query(`
      DROP TABLE "MessageSearch"; DROP TABLE "ContactSearch";
      DROP FUNCTION "Message_search_sync" CASCADE; DROP FUNCTION "Contact_search_sync" CASCADE;
      DROP FUNCTION "atende_search_doc"; DROP INDEX "StatusChange_actor_chatId_idx";`);
    for (const statement of migration('postgresql/migrations').split(';')) {
      if (statement.trim()) await client.query(statement);
    }
    await client.end();
    await expectFound(db);
  } finally {
    await db.$disconnect();
    await postgres.stop();
  }
}, 120_000);
