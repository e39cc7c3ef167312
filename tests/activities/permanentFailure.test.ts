import fs from 'node:fs';
import path from 'node:path';
import { isPermanentDbError } from '../../activities/permanentFailure';
import { createDb } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { createTestDatabase } from '../helpers/database';
import { startPostgres } from '../helpers/postgres';

// What "the database refused this for good" means, on real databases: a
// value PostgreSQL rejects, a constraint, a trigger's refusal. A closed
// connection is not it: that write is retried until the database is back.

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('the write was accepted');
}

const message = (chatId: string, content: string) => ({
  data: { id: `m-${Math.random()}`, chatId, channelId: 'nope', sender: 'customer', content, createdAt: new Date() },
});

test('SQLite: a foreign key or a trigger refusal is permanent; a closed database is not', async () => {
  const { db, cleanup, dir } = await createTestDatabase();
  try {
    expect(isPermanentDbError(await refusal(() => db.message.create(message('no-chat', 'oi'))))).toBe(true);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER refuse BEFORE INSERT ON "Setting" BEGIN SELECT RAISE(ABORT, 'refused'); END;`,
    );
    expect(isPermanentDbError(await refusal(() => db.setting.create({ data: { key: 'k', value: '{}' } })))).toBe(true);
    expect(isPermanentDbError(new Error('socket hang up'))).toBe(false);
    // A database that cannot be reached (its folder gone) is not refusing a value.
    const gone = path.join(dir, 'gone');
    const unreachable = createDb(`file:${path.join(gone, 'x.db')}`);
    fs.rmSync(gone, { recursive: true, force: true });
    expect(isPermanentDbError(await refusal(() => unreachable.setting.findMany()))).toBe(false);
  } finally {
    await cleanup();
  }
});

test('PostgreSQL: a NUL byte in text is permanent', async () => {
  const postgres = await startPostgres();
  try {
    await migrateDatabase(postgres.url);
    const db = createDb(postgres.url);
    try {
      const err = await refusal(() => db.setting.create({ data: { key: 'nul', value: 'a\u0000b' } }));
      expect(isPermanentDbError(err)).toBe(true);
    } finally {
      await db.$disconnect();
    }
  } finally {
    await postgres.stop();
  }
}, 120_000);
