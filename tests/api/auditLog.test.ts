import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { recordAudit } from '../../src/audit/auditLog';
import { createTestDatabase } from '../helpers/database';
import { startPostgres } from '../helpers/postgres';

// The audit log's table on both databases: an entry lands with the change it records or not
// at all, and an entry, once written, cannot be changed.

async function writesWithTheChange(db: Db) {
  await db.$transaction(async (tx) => {
    await tx.setting.create({ data: { key: 'audited', value: '1' } });
    await recordAudit(tx, {
      actor: { type: 'attendant', id: 'a1' },
      action: 'settings.updated',
      target: { type: 'setting', id: 'audited' },
      details: { fields: ['audited'] },
      ip: '127.0.0.1',
    });
  });
  await expect(
    db.$transaction(async (tx) => {
      await recordAudit(tx, { actor: { type: 'attendant', id: 'a1' }, action: 'settings.updated' });
      await tx.setting.create({ data: { key: 'audited', value: '2' } }); // duplicate key: the change fails
    }),
  ).rejects.toThrow();
  const entries = await db.auditEntry.findMany();
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({
    actorType: 'attendant',
    actorId: 'a1',
    action: 'settings.updated',
    targetType: 'setting',
    targetId: 'audited',
    ip: '127.0.0.1',
  });
  expect(JSON.parse(entries[0]!.details)).toEqual({ fields: ['audited'] });
  return entries[0]!;
}

test('SQLite: an entry is written with its change, and refuses an update', async () => {
  const { db, cleanup } = await createTestDatabase();
  try {
    const entry = await writesWithTheChange(db);
    // The trigger's RAISE(ABORT) reaches Prisma as a constraint error.
    await expect(db.auditEntry.update({ where: { id: entry.id }, data: { action: 'auth.login' } })).rejects.toThrow();
    expect((await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).action).toBe('settings.updated');
  } finally {
    await cleanup();
  }
});

test('PostgreSQL: an entry is written with its change, and an update changes nothing', async () => {
  const postgres = await startPostgres();
  await migrateDatabase(postgres.url);
  const db = createDb(postgres.url);
  try {
    const entry = await writesWithTheChange(db);
    await db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "action" = 'auth.login' WHERE "id" = ${entry.id}`);
    expect((await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).action).toBe('settings.updated');
  } finally {
    await db.$disconnect();
    await postgres.stop();
  }
}, 180_000);
