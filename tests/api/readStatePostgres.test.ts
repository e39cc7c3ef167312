import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { latestMessage, markRead, unreadCounts } from '../../src/chats/readState';
import { startPostgres } from '../helpers/postgres';

// Read state on PostgreSQL (tests/api/readState.test.ts runs it through the
// routes on SQLite): the grouped unread count over a read place, ties in the
// same instant ordered by id, and a read that never moves back.

let postgres: Awaited<ReturnType<typeof startPostgres>>;
let db: Db;
const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

beforeAll(async () => {
  postgres = await startPostgres();
  await migrateDatabase(postgres.url);
  db = createDb(postgres.url);
}, 180_000);
afterAll(async () => {
  await db?.$disconnect();
  await postgres?.stop();
});

test('unread counts, read places and ties, on PostgreSQL', async () => {
  const channelId = (await db.channel.create({ data: { type: 'api', name: 'api' } })).id;
  const contactId = (await db.contact.create({ data: { name: 'Pg' } })).id;
  const reader = (await db.attendant.create({ data: { name: 'R', email: 'r@example.com', passwordHash: 'x' } })).id;
  const other = (await db.attendant.create({ data: { name: 'O', email: 'o@example.com', passwordHash: 'x' } })).id;
  for (const id of ['pg-1', 'pg-2', 'pg-empty']) {
    await db.chat.create({
      data: { id, workflowId: id, channelId, externalChatId: id, contactId, status: 'transferred', startedAt: at(0) },
    });
  }
  const message = (chatId: string, id: string, sender: string, minutes: number) =>
    db.message.create({ data: { id, chatId, channelId, sender, content: id, createdAt: at(minutes) } });
  await message('pg-1', 'pg-1-a', 'customer', 1);
  await message('pg-1', 'pg-1-b', 'bot', 2);
  await message('pg-1', 'pg-1-c', 'customer', 3);
  await message('pg-1', 'pg-1-d', 'customer', 3);
  await message('pg-2', 'pg-2-a', 'customer', 1);

  const all = ['pg-1', 'pg-2', 'pg-empty'];
  expect(Object.fromEntries(await unreadCounts(db, reader, all))).toEqual({ 'pg-1': 3, 'pg-2': 1 });

  const c = await db.message.findUniqueOrThrow({ where: { id: 'pg-1-c' } });
  expect(await markRead(db, reader, 'pg-1', c)).toMatchObject({ lastReadMessageId: 'pg-1-c', unread: 1 });
  const a = await db.message.findUniqueOrThrow({ where: { id: 'pg-1-a' } });
  expect(await markRead(db, reader, 'pg-1', a)).toMatchObject({ lastReadMessageId: 'pg-1-c', unread: 1 });
  expect(Object.fromEntries(await unreadCounts(db, reader, all))).toEqual({ 'pg-1': 1, 'pg-2': 1 });
  expect(Object.fromEntries(await unreadCounts(db, other, all))).toEqual({ 'pg-1': 3, 'pg-2': 1 });

  expect(await markRead(db, reader, 'pg-1', await latestMessage(db, 'pg-1'))).toMatchObject({
    lastReadMessageId: 'pg-1-d',
    unread: 0,
  });
  expect(Object.fromEntries(await unreadCounts(db, reader, all))).toEqual({ 'pg-2': 1 });
}, 60_000);
