import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { MediaStore } from '../../src/media/mediaStore';
import {
  countExpiring,
  expireAuditBatch,
  expireChatsBatch,
  expireMediaBatch,
  retentionPlan,
} from '../../src/retention/retention';
import { startPostgres } from '../helpers/postgres';

// Retention on PostgreSQL (tests/workflow/retention.test.ts runs the workflow
// on SQLite): migration 0022, the dry run's queries, and a closed chat's
// content going with its search rows (ON DELETE CASCADE there, triggers on SQLite).

let postgres: Awaited<ReturnType<typeof startPostgres>>;
let db: Db;
const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-retention-pg-'));
const media = new MediaStore(mediaDir);
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

beforeAll(async () => {
  postgres = await startPostgres();
  await migrateDatabase(postgres.url);
  db = createDb(postgres.url);
}, 180_000);
afterAll(async () => {
  await db?.$disconnect();
  await postgres?.stop();
  fs.rmSync(mediaDir, { recursive: true, force: true });
});

test('the dry run counts and the batches remove the same, search rows included, on PostgreSQL', async () => {
  const channelId = (await db.channel.create({ data: { type: 'api', name: 'c' } })).id;
  const contactId = (await db.contact.create({ data: { name: 'Joana' } })).id;
  const sha256 = await media.put(Buffer.from('old file'));
  const past = new Date(Date.now() - 2 * 60 * 60 * 1000);
  fs.utimesSync(path.join(mediaDir, sha256), past, past);
  for (const [id, closedAt] of [
    ['pg-old', ago(40)],
    ['pg-new', ago(1)],
  ] as const) {
    await db.chat.create({
      data: {
        id,
        workflowId: id,
        channelId,
        externalChatId: id,
        contactId,
        status: 'resolved',
        subject: 'assunto',
        startedAt: closedAt,
        closedAt,
      },
    });
    await db.message.create({
      data: {
        id: `${id}-m`,
        chatId: id,
        channelId,
        sender: 'customer',
        content: 'cancelamento do plano',
        createdAt: closedAt,
        media: JSON.stringify({ sha256 }),
      },
    });
  }
  await db.auditEntry.create({ data: { actorType: 'system', action: 'settings.updated', at: ago(400) } });
  const search = (chatId: string) =>
    db.$queryRawUnsafe<unknown[]>('SELECT 1 FROM "MessageSearch" WHERE "chatId" = $1', chatId);
  expect(await search('pg-old')).toHaveLength(1);

  const plan = retentionPlan(
    { closedChatsDays: 30, mediaDays: null, auditDays: 365, channels: { [channelId]: { mediaDays: 30 } } },
    new Date(),
  );
  // The file is shared with the newer chat's message: it stays.
  expect(await countExpiring(db, plan)).toEqual({
    chats: 1,
    messages: 1,
    notes: 0,
    events: 0,
    mediaMessages: 0,
    files: 0,
    auditEntries: 1,
  });
  expect(await expireChatsBatch(db, media, plan)).toEqual({
    counts: { chats: 1, messages: 1, notes: 0, events: 0, files: 0 },
    done: true,
  });
  expect(await expireMediaBatch(db, media, plan)).toEqual({ counts: {}, done: true });
  expect(await expireAuditBatch(db, plan)).toEqual({ counts: { auditEntries: 1 }, done: true });
  expect(await search('pg-old')).toHaveLength(0);
  expect(await search('pg-new')).toHaveLength(1);
  expect(await db.chat.findUniqueOrThrow({ where: { id: 'pg-old' } })).toMatchObject({
    subject: null,
    status: 'resolved',
  });
  expect(media.has(sha256)).toBe(true);
  // Run again: nothing more.
  expect(await countExpiring(db, plan)).toMatchObject({ chats: 0, messages: 0, auditEntries: 0 });
}, 120_000);
