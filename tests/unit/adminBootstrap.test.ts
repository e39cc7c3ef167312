import { ensureAdmin } from '../../src/bootstrap/admin';
import { ConfigError } from '../../src/config/env';
import { verifyPassword } from '../../src/auth/passwords';
import { createDb } from '../../src/db/client';
import { createTestDatabase } from '../helpers/database';

// The first admin: made once, from ADMIN_EMAIL/ADMIN_PASSWORD when given; a weak password stops start-up.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

test.each(['short', 'password123', 'aaaaaaaaaaaa'])(
  'a weak ADMIN_PASSWORD (%s) stops start-up naming the variable, and no admin is made',
  async (password) => {
    const attempt = ensureAdmin(database.db, { email: 'admin@atende.local', password });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(ensureAdmin(database.db, { password })).rejects.toThrow(
      /^Invalid configuration:\n {2}ADMIN_PASSWORD:/,
    );
    expect(await database.db.attendant.count()).toBe(0);
  },
);

test('a strong ADMIN_PASSWORD makes the first admin once', async () => {
  const first = await ensureAdmin(database.db, { email: 'Boss@Example.com', password: 'correct horse battery staple' });
  expect(first).toEqual({ created: true, email: 'boss@example.com', generatedPassword: null });
  expect(await ensureAdmin(database.db, { password: 'short' })).toEqual({ created: false });
  expect(await database.db.attendant.count({ where: { role: 'admin' } })).toBe(1);
});

test('processes starting at once on an empty database make the first admin exactly once, with the password that one printed', async () => {
  // One client per "process", on the same database file.
  const clients = Array.from({ length: 4 }, () => createDb(database.url));
  try {
    const results = await Promise.all(clients.map((db) => ensureAdmin(db, {})));
    const made = results.filter((r) => r.created);
    expect(made).toHaveLength(1);
    const admin = await database.db.attendant.findUniqueOrThrow({ where: { email: 'admin@atende.local' } });
    const printed = made[0] as { generatedPassword: string };
    expect(await verifyPassword(printed.generatedPassword, admin.passwordHash)).toBe(true);
    expect(await database.db.attendant.count()).toBe(1);
  } finally {
    await Promise.all(clients.map((db) => db.$disconnect()));
  }
});

test('a non-admin account holding ADMIN_EMAIL becomes the first admin, its old sessions revoked', async () => {
  await database.db.attendant.create({
    data: { name: 'Ana', email: 'boss@example.com', passwordHash: 'x', role: 'attendant', active: false },
  });
  const made = await ensureAdmin(database.db, { email: 'boss@example.com', password: 'correct horse battery staple' });
  expect(made).toEqual({ created: true, email: 'boss@example.com', generatedPassword: null });
  const row = await database.db.attendant.findUniqueOrThrow({ where: { email: 'boss@example.com' } });
  expect(row).toMatchObject({ role: 'admin', active: true, tokenVersion: 1 });
  expect(await verifyPassword('correct horse battery staple', row.passwordHash)).toBe(true);
});
