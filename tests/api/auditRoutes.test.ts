import { ApiApp } from '../helpers/apiApp';
import { AUDIT_CSV_COLUMNS } from '../../src/audit/auditQuery';

// GET /api/v1/audit and /api/v1/audit.csv: admins only, filters, cursor, the actors' names, and no way to change an entry.

const app = new ApiApp();
let admin: { id: string; token: string };
let supervisor: { id: string; token: string };
let other: { id: string; token: string };
beforeAll(async () => {
  await app.start();
  admin = await app.as('admin', { name: 'Ana Admin' });
  supervisor = await app.as('supervisor');
  other = await app.as('admin', { name: '=Beto' });
  // Five entries by the admin a minute apart, two by the other admin, one by the product itself.
  const base = Date.parse('2026-11-01T12:00:00Z');
  const rows = [
    ...Array.from({ length: 5 }, (_, i) => ({ who: admin.id, action: 'tag.created', at: base + i * 60_000 })),
    { who: other.id, action: 'channel.secret_rotated', at: base + 10 * 60_000 },
    { who: other.id, action: 'tag.deleted', at: base + 11 * 60_000 },
    { who: null, action: 'contact.merged', at: base + 12 * 60_000 },
  ];
  // Written as recordAudit writes them, at the times above.
  for (const r of rows) {
    await app.db.auditEntry.create({
      data: {
        at: new Date(r.at),
        actorType: r.who ? 'attendant' : 'system',
        actorId: r.who,
        action: r.action,
        targetType: 'tag',
        targetId: `t${r.at}`,
        details: JSON.stringify(r.action === 'channel.secret_rotated' ? { secret: 'rotated' } : {}),
        ip: '10.0.0.1',
      },
    });
  }
});
afterAll(() => app.stop());

const get = (path: string, token = admin.token) => app.request('GET', path, { token });

test('requires authentication', async () => {
  await app.expectAuthRequired('GET', '/api/v1/audit');
  await app.expectAuthRequired('GET', '/api/v1/audit.csv');
});

test('admins only: 403 for a supervisor, and nothing recorded', async () => {
  const before = await app.db.auditEntry.count();
  expect((await get('/api/v1/audit', supervisor.token)).status).toBe(403);
  expect((await get('/api/v1/audit.csv', supervisor.token)).status).toBe(403);
  expect(await app.db.auditEntry.count()).toBe(before);
});

test('newest first, with the attendant’s name resolved', async () => {
  const res = await get('/api/v1/audit');
  expect(res.status).toBe(200);
  expect(res.body.items.map((e: { action: string }) => e.action).slice(0, 3)).toEqual([
    'contact.merged',
    'tag.deleted',
    'channel.secret_rotated',
  ]);
  expect(res.body.items[0]).toMatchObject({ actor: { type: 'system', id: null, name: null } });
  expect(res.body.items[2]).toMatchObject({
    actor: { type: 'attendant', id: other.id, name: '=Beto' },
    action: 'channel.secret_rotated',
    details: { secret: 'rotated' },
    ip: '10.0.0.1',
    at: '2026-11-01T12:10:00.000Z',
  });
  expect(res.body.nextCursor).toBeNull();
});

test('filters: actor, action, period; combined', async () => {
  const actions = async (query: string) => {
    const res = await get(`/api/v1/audit?${query}`);
    expect(res.status).toBe(200);
    return res.body.items.map((e: { action: string }) => e.action);
  };
  expect(await actions(`actor=${other.id}`)).toEqual(['tag.deleted', 'channel.secret_rotated']);
  expect(await actions('actor=system')).toEqual(['contact.merged']);
  expect(await actions('action=tag.created')).toHaveLength(5);
  expect(await actions(`action=tag.deleted&actor=${admin.id}`)).toEqual([]);
  // [from, to): 12:01 to 12:11 holds four tags of the admin's and the rotated secret.
  expect(await actions(`from=${encodeURIComponent('2026-11-01T09:01:00-03:00')}&to=2026-11-01T12:11:00Z`)).toEqual([
    'channel.secret_rotated',
    'tag.created',
    'tag.created',
    'tag.created',
    'tag.created',
  ]);
});

test('the cursor walks every entry once', async () => {
  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: { items: Array<{ id: number }>; nextCursor: string | null } } = await get(
      `/api/v1/audit?action=tag.created&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    seen.push(...res.body.items.map((e) => e.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor);
  expect(pages).toBe(3);
  expect(seen).toHaveLength(5);
  expect(new Set(seen).size).toBe(5);
  expect([...seen].sort((a, b) => b - a)).toEqual(seen);
});

test.each([
  ['an unknown action', 'action=tag.exploded', 'query.action'],
  ['a bad date', 'from=ontem', 'query.from'],
  ['from after to', 'from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'query.from'],
  ['a foreign cursor', 'cursor=bm9wZQ', 'query.cursor'],
  ['a limit too big', 'limit=1000', 'query.limit'],
  ['an unknown filter', 'who=me', 'query'],
])('%s → 400 naming the field', async (_name, query, field) => {
  const res = await get(`/api/v1/audit?${query}`);
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_request');
  expect(res.body.error.message.startsWith(field)).toBe(true);
});

test('the CSV: filters, a header, names guarded against formulas; reading it out is itself recorded', async () => {
  const before = await app.db.auditEntry.count();
  const res = await fetch(`${app.url}/api/v1/audit.csv?actor=${other.id}`, {
    headers: { authorization: `Bearer ${admin.token}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="auditoria-\d{4}-\d{2}-\d{2}\.csv"$/);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
  expect(lines[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
  expect(lines).toHaveLength(3);
  expect(lines[1]).toBe(
    `2026-11-01T12:11:00.000Z,attendant,${other.id},'=Beto,tag.deleted,tag,t${Date.parse('2026-11-01T12:11:00Z')},{},10.0.0.1`,
  );
  expect(lines[2]).toContain('"{""secret"":""rotated""}"');
  const entries = await app.db.auditEntry.findMany({ where: { id: { gt: 0 } }, orderBy: { id: 'desc' }, take: 1 });
  expect(await app.db.auditEntry.count()).toBe(before + 1);
  expect(entries[0]).toMatchObject({ action: 'report.exported', actorId: admin.id, targetId: 'audit' });
  expect(JSON.parse(entries[0]!.details)).toEqual({ actor: other.id });
  // A bad filter is a 400, with nothing recorded.
  expect((await get('/api/v1/audit.csv?action=nope')).status).toBe(400);
  expect(await app.db.auditEntry.count()).toBe(before + 1);
});

test('no route changes or deletes an entry', async () => {
  const id = (await get('/api/v1/audit')).body.items[0].id;
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    for (const path of ['/api/v1/audit', `/api/v1/audit/${id}`]) {
      const res = await app.request(method, path, { token: admin.token, body: {} });
      expect([404, 405]).toContain(res.status);
    }
  }
  expect(await app.db.auditEntry.count({ where: { id } })).toBe(1);
});
