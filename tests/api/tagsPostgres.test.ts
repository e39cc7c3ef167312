import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { chatMetrics } from '../../src/metrics/chatMetrics';
import { ApiApp } from '../helpers/apiApp';
import { startPostgres } from '../helpers/postgres';

// The tag routes on PostgreSQL (tests/api/tags.test.ts runs them on SQLite):
// the real app with a PostgreSQL client, migrated by 0014_tags; names unique
// whatever the case, a chat's tags replaced, ?tag=, archive, the reason
// check and the metrics by tag.

let postgres: Awaited<ReturnType<typeof startPostgres>>;
let db: Db;
let app: ApiApp;

beforeAll(async () => {
  postgres = await startPostgres();
  await migrateDatabase(postgres.url);
  db = createDb(postgres.url);
  app = await new ApiApp(undefined, { db }).start();
}, 180_000);
afterAll(async () => {
  await app?.stop();
  await db?.$disconnect();
  await postgres?.stop();
});

test('catalogue, tags on a chat, ?tag=, archive, reason_required and byTag on PostgreSQL', async () => {
  const supervisor = await app.asIn(db, 'supervisor');
  const admin = await app.asIn(db, 'admin');
  const channel = await db.channel.create({ data: { type: 'api', name: 'Site' } });
  const contact = await db.contact.create({ data: { name: 'Cliente' } });
  for (const id of ['pg-1', 'pg-2']) {
    await db.chat.create({
      data: {
        id,
        workflowId: id,
        channelId: channel.id,
        externalChatId: id,
        contactId: contact.id,
        status: 'waiting_attendant',
        startedAt: new Date(),
        department: 'suporte',
      },
    });
  }
  const post = (body: object) => app.request('POST', '/api/v1/tags', { token: supervisor.token, body });
  expect((await post({ name: 'VIP', color: '#ff0000' })).status).toBe(201);
  expect((await post({ name: 'Segunda via', kind: 'reason' })).status).toBe(201);
  expect((await post({ name: 'vip' })).body.error.code).toBe('already_exists');

  const put = (chatId: string, tags: string[]) =>
    app.request('PUT', `/api/v1/chats/${chatId}/tags`, { token: supervisor.token, body: { tags } });
  expect((await put('pg-1', ['vip', 'SEGUNDA VIA'])).body).toEqual({
    id: 'pg-1',
    tags: ['Segunda via', 'VIP'],
    reason: 'Segunda via',
  });
  expect((await put('pg-2', ['VIP'])).status).toBe(200);
  const unknown = await put('pg-2', ['Nada']);
  expect(unknown.body.error.details[0].path).toBe('body.tags.0');

  const ids = async (query: string) =>
    (await app.request('GET', `/api/v1/chats?${query}`, { token: supervisor.token })).body.items
      .map((c: { id: string }) => c.id)
      .sort();
  expect(await ids('tag=Vip')).toEqual(['pg-1', 'pg-2']);
  expect(await ids('tag=VIP,segunda%20via')).toEqual(['pg-1']);

  // Required for the department: 409 before the workflow (pg-2 has no reason).
  const settings = { requireReason: false, departments: { suporte: { requireReason: true } } };
  expect((await app.request('PUT', '/api/v1/settings/resolution', { token: admin.token, body: settings })).status).toBe(
    200,
  );
  const resolve = await app.request('POST', '/api/v1/chats/pg-2/resolve', { token: supervisor.token, body: {} });
  expect(resolve.body.error.code).toBe('reason_required');

  const vip = (await app.request('GET', '/api/v1/tags', { token: supervisor.token })).body.items.find(
    (t: { name: string }) => t.name === 'VIP',
  );
  expect((await app.request('DELETE', `/api/v1/tags/${vip.id}`, { token: supervisor.token })).status).toBe(204);
  expect((await app.request('GET', '/api/v1/chats/pg-1', { token: supervisor.token })).body.tags).toEqual([
    'Segunda via',
  ]);
  // Replacing the live tags leaves the archived one's row (history).
  expect((await put('pg-1', [])).body.tags).toEqual([]);
  expect(await db.chatTag.count({ where: { tagId: vip.id } })).toBe(2);

  const metrics = await chatMetrics(db, { from: new Date(Date.now() - 60_000).toISOString() });
  expect(metrics.byTag.map((t) => [t.name, t.archived, t.chats])).toEqual([['VIP', true, 2]]);
}, 120_000);
