import { ensureAdmin } from '../../src/bootstrap/admin';
import { ConfigError } from '../../src/config/env';
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
