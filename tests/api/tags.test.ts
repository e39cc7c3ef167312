import { createAssignmentActivities } from '../../activities/assignment';
import { ApiApp } from '../helpers/apiApp';

/**
 * Tags and contact reasons (docs/api.md "Tags"): the catalogue and who may
 * write it, tags on chats under the access policy, the ?tag= filter, a
 * routing rule's tags, the resolution setting and the checks a resolve
 * passes before it reaches the chat's workflow. The real app on a real
 * SQLite file; this app's Temporal answers nothing, so every refusal here is
 * proven to come before the workflow (a resolve that got through would be a
 * 503). A resolve that succeeds with its reason: tests/browser/tags.test.ts.
 */
const app = new ApiApp();
let admin: { id: string; token: string };
let supervisor: { id: string; token: string };
let ana: { id: string; token: string };
let bruno: { id: string; token: string };

beforeAll(async () => {
  await app.start();
  admin = await app.as('admin');
  supervisor = await app.as('supervisor');
  ana = await app.as('attendant');
  bruno = await app.as('attendant', { department: 'vendas' });
  await app.seedChats({
    'chat-ana': { attendantId: ana.id, department: 'suporte' },
    'chat-bruno': { attendantId: bruno.id, department: 'vendas' },
    'chat-queued': { status: 'transferred', queuedAt: new Date(), department: 'vendas' },
    'chat-other': { status: 'transferred', queuedAt: new Date(), department: 'financeiro' },
  });
});
afterAll(() => app.stop());

const createTag = (body: object, token = supervisor.token) => app.request('POST', '/api/v1/tags', { token, body });
const putTags = (chatId: string, tags: unknown, token: string) =>
  app.request('PUT', `/api/v1/chats/${chatId}/tags`, { token, body: { tags } });
const chatTagRows = () => app.db.chatTag.count();

describe('the tag catalogue', () => {
  test('requires authentication', async () => {
    await app.expectAuthRequired('GET', '/api/v1/tags');
    await app.expectAuthRequired('POST', '/api/v1/tags', { name: 'x' });
    await app.expectAuthRequired('PATCH', '/api/v1/tags/x', { name: 'x' });
    await app.expectAuthRequired('DELETE', '/api/v1/tags/x');
    await app.expectAuthRequired('PUT', '/api/v1/chats/chat-ana/tags', { tags: [] });
    await app.expectAuthRequired('GET', '/api/v1/settings/resolution');
  });

  test('supervisors and admins create tags; names are unique whatever the case (409)', async () => {
    const vip = await createTag({ name: 'VIP', color: '#ff0000' });
    expect(vip.status).toBe(201);
    expect(vip.body).toMatchObject({ name: 'VIP', color: '#ff0000', kind: 'label', archived: false });
    const reason = await createTag({ name: 'Segunda via', color: '#00aa00', kind: 'reason' }, admin.token);
    expect(reason.status).toBe(201);
    expect(reason.body.kind).toBe('reason');
    const again = await createTag({ name: 'vip', color: '#000000' }, admin.token);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_exists');
    expect(await app.db.tag.count()).toBe(2);
  });

  test('an attendant may list the catalogue but not write it (403)', async () => {
    const list = await app.request('GET', '/api/v1/tags', { token: ana.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: { name: string }) => t.name)).toEqual(['Segunda via', 'VIP']);
    const vipId = list.body.items[1].id as string;
    expect((await createTag({ name: 'Meu' }, ana.token)).status).toBe(403);
    expect(
      (await app.request('PATCH', `/api/v1/tags/${vipId}`, { token: ana.token, body: { color: '#000000' } })).status,
    ).toBe(403);
    expect((await app.request('DELETE', `/api/v1/tags/${vipId}`, { token: ana.token })).status).toBe(403);
    expect(await app.db.tag.count()).toBe(2);
    const reasons = await app.request('GET', '/api/v1/tags?kind=reason', { token: ana.token });
    expect(reasons.body.items.map((t: { name: string }) => t.name)).toEqual(['Segunda via']);
  });

  test.each([
    ['no name', { color: '#ff0000' }, 'body.name'],
    ['an empty name', { name: '  ' }, 'body.name'],
    ['a comma in the name', { name: 'a,b' }, 'body.name'],
    ['a color that is not #rrggbb', { name: 'Azul', color: 'blue' }, 'body.color'],
    ['an unknown kind', { name: 'Azul', kind: 'topic' }, 'body.kind'],
    ['an unknown field', { name: 'Azul', icon: 'x' }, 'body'],
  ])('%s → 400 naming the field, nothing written', async (_case, body, field) => {
    const res = await createTag(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details[0].path).toBe(field);
    expect(await app.db.tag.count()).toBe(2);
  });

  test('PATCH renames and recolors; a name another tag has is a 409; an unknown id a 404', async () => {
    const tag = (await createTag({ name: 'Reclamação', color: '#123456' })).body;
    const renamed = await app.request('PATCH', `/api/v1/tags/${tag.id}`, {
      token: supervisor.token,
      body: { name: 'Reclamação formal', color: '#654321' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Reclamação formal', color: '#654321' });
    const taken = await app.request('PATCH', `/api/v1/tags/${tag.id}`, {
      token: supervisor.token,
      body: { name: 'vip' },
    });
    expect(taken.status).toBe(409);
    const bad = await app.request('PATCH', `/api/v1/tags/${tag.id}`, { token: supervisor.token, body: {} });
    expect(bad.status).toBe(400);
    expect(
      (await app.request('PATCH', '/api/v1/tags/nope', { token: supervisor.token, body: { color: '#000000' } })).status,
    ).toBe(404);
    expect((await app.db.tag.findUniqueOrThrow({ where: { id: tag.id } })).name).toBe('Reclamação formal');
  });
});

describe('tags on a chat', () => {
  test("the chat's attendant tags it (names, any case); the detail and the list carry the tags", async () => {
    const res = await putTags('chat-ana', ['vip', 'Segunda Via'], ana.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'chat-ana', tags: ['Segunda via', 'VIP'], reason: 'Segunda via' });
    const detail = await app.request('GET', '/api/v1/chats/chat-ana', { token: ana.token });
    expect(detail.body).toMatchObject({ tags: ['Segunda via', 'VIP'], reason: 'Segunda via' });
    const list = await app.request('GET', '/api/v1/chats', { token: supervisor.token });
    const row = list.body.items.find((c: { id: string }) => c.id === 'chat-ana');
    expect(row.tags).toEqual(['Segunda via', 'VIP']);
    // A PUT replaces: the reason goes, VIP stays.
    expect((await putTags('chat-ana', ['VIP'], ana.token)).body).toEqual({
      id: 'chat-ana',
      tags: ['VIP'],
      reason: null,
    });
  });

  test('an attendant cannot tag a chat they do not hold: 404 if they may not read it, 409 if they may', async () => {
    const before = await chatTagRows();
    const unseen = await putTags('chat-other', ['VIP'], bruno.token);
    expect(unseen.status).toBe(404);
    const readable = await putTags('chat-queued', ['VIP'], bruno.token);
    expect(readable.status).toBe(409);
    expect(readable.body.error.code).toBe('not_assignee');
    expect((await putTags('chat-bruno', ['VIP'], ana.token)).status).toBe(404);
    expect(await chatTagRows()).toBe(before);
  });

  test('supervisors and admins tag any chat', async () => {
    expect((await putTags('chat-bruno', ['VIP'], supervisor.token)).status).toBe(200);
    expect((await putTags('chat-queued', ['VIP'], admin.token)).status).toBe(200);
  });

  test.each([
    ['an unknown tag', ['VIP', 'Inexistente'], 'body.tags.1'],
    ['not a list', 'VIP', 'body.tags'],
    ['an empty name', [''], 'body.tags.0'],
  ])('%s → 400 naming body.tags[i], nothing written', async (_case, tags, field) => {
    await putTags('chat-bruno', ['VIP'], supervisor.token);
    const res = await putTags('chat-bruno', tags, supervisor.token);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe(field);
    const row = await app.request('GET', '/api/v1/chats/chat-bruno', { token: supervisor.token });
    expect(row.body.tags).toEqual(['VIP']);
  });

  test('?tag= keeps the chats carrying every tag named (repeated or comma-separated, any case)', async () => {
    await putTags('chat-ana', ['VIP', 'Segunda via'], supervisor.token);
    const ids = async (query: string, token = supervisor.token) => {
      const res = await app.request('GET', `/api/v1/chats?${query}`, { token });
      expect(res.status).toBe(200);
      return res.body.items.map((c: { id: string }) => c.id).sort();
    };
    expect(await ids('tag=vip')).toEqual(['chat-ana', 'chat-bruno', 'chat-queued']);
    expect(await ids('tag=VIP&tag=segunda%20via')).toEqual(['chat-ana']);
    expect(await ids('tag=VIP,Segunda%20via')).toEqual(['chat-ana']);
    expect(await ids('tag=nothing')).toEqual([]);
    // The filter narrows the caller's chats, never widens them.
    expect(await ids('tag=VIP', bruno.token)).toEqual(['chat-bruno', 'chat-queued']);
    const bad = await app.request('GET', `/api/v1/chats?tag=${'x'.repeat(51)}`, { token: supervisor.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('query.tag');
  });

  test('deleting a tag archives it: gone from the catalogue and the chats, its name can bring it back', async () => {
    const temp = (await createTag({ name: 'Temporária', color: '#111111' })).body;
    await putTags('chat-bruno', ['VIP', 'Temporária'], supervisor.token);
    expect((await app.request('DELETE', `/api/v1/tags/${temp.id}`, { token: supervisor.token })).status).toBe(204);
    expect((await app.request('DELETE', `/api/v1/tags/${temp.id}`, { token: supervisor.token })).status).toBe(404);
    const names = (await app.request('GET', '/api/v1/tags', { token: ana.token })).body.items.map(
      (t: { name: string }) => t.name,
    );
    expect(names).not.toContain('Temporária');
    const all = await app.request('GET', '/api/v1/tags?archived=true', { token: ana.token });
    expect(all.body.items.find((t: { id: string }) => t.id === temp.id).archived).toBe(true);
    const chat = await app.request('GET', '/api/v1/chats/chat-bruno', { token: supervisor.token });
    expect(chat.body.tags).toEqual(['VIP']);
    // An archived tag cannot be put on a chat.
    expect((await putTags('chat-bruno', ['Temporária'], supervisor.token)).status).toBe(400);
    // Its row stays (the metrics of past periods count it).
    expect(await app.db.chatTag.count({ where: { tagId: temp.id } })).toBe(1);
    // Creating the name again brings the same tag back, on the chats it was on.
    const back = await createTag({ name: 'temporária', color: '#222222' });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ id: temp.id, name: 'temporária', color: '#222222', archived: false });
    expect((await app.request('GET', '/api/v1/chats/chat-bruno', { token: supervisor.token })).body.tags).toEqual([
      'temporária',
      'VIP',
    ]);
  });
});

describe('routing rules add tags', () => {
  test('a rule names catalogue tags (an unknown one is a 400 naming it, nothing saved)', async () => {
    const bad = await app.request('PUT', '/api/v1/routing', {
      token: admin.token,
      body: { rules: [{ intent: 'billing', department: 'financeiro', tags: ['VIP', 'Inexistente'] }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.rules.0.tags.1');
    expect(await app.db.setting.findUnique({ where: { key: 'routing' } })).toBeNull();
    const ok = await app.request('PUT', '/api/v1/routing', {
      token: admin.token,
      body: { rules: [{ intent: 'billing', department: 'financeiro', tags: ['vip'] }] },
    });
    expect(ok.status).toBe(200);
  });

  test("the chat the rule routes gets its tags when it is queued (the worker's queueChat)", async () => {
    await app.seedChats({
      'chat-billing': { status: 'transferred' },
      'chat-moved': { status: 'transferred' },
    });
    const activities = createAssignmentActivities({ db: app.db, notifyAssigned: async () => {} });
    const input = {
      channelId: (await app.db.chat.findUniqueOrThrow({ where: { id: 'chat-billing' } })).channelId,
      lastIntent: 'billing',
      priority: 'normal' as const,
      since: new Date().toISOString(),
      passedOver: [],
      at: new Date().toISOString(),
    };
    const queued = await activities.queueChat({ ...input, chatId: 'chat-billing', department: null });
    expect(queued.department).toBe('financeiro');
    // A transfer to a department is not routed by the rule: no tags.
    await activities.queueChat({ ...input, chatId: 'chat-moved', department: 'vendas' });
    const tags = async (id: string) =>
      (await app.request('GET', `/api/v1/chats/${id}`, { token: supervisor.token })).body.tags;
    expect(await tags('chat-billing')).toEqual(['VIP']);
    expect(await tags('chat-moved')).toEqual([]);
    const row = await app.db.chatTag.findFirstOrThrow({ where: { chatId: 'chat-billing' } });
    expect(row.addedBy).toBe('system');
  });
});

describe('contact reasons at resolve', () => {
  const resolve = (chatId: string, body: object, token: string) =>
    app.request('POST', `/api/v1/chats/${chatId}/resolve`, { token, body });

  test('GET|PUT /settings/resolution: admins write, supervisors read, attendants neither', async () => {
    expect((await app.request('GET', '/api/v1/settings/resolution', { token: supervisor.token })).body).toEqual({
      requireReason: false,
      departments: {},
    });
    expect((await app.request('GET', '/api/v1/settings/resolution', { token: ana.token })).status).toBe(403);
    const body = { requireReason: false, departments: { suporte: { requireReason: true } } };
    expect((await app.request('PUT', '/api/v1/settings/resolution', { token: supervisor.token, body })).status).toBe(
      403,
    );
    for (const [bad, field] of [
      [{ requireReason: 'yes' }, 'body.requireReason'],
      [
        { requireReason: true, departments: { suporte: { requireReason: 1 } } },
        'body.departments.suporte.requireReason',
      ],
      [{ requireReason: true, teams: {} }, 'body'],
    ] as const) {
      const res = await app.request('PUT', '/api/v1/settings/resolution', { token: admin.token, body: bad });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe(field);
    }
    expect(await app.db.setting.findUnique({ where: { key: 'resolution' } })).toBeNull();
    const put = await app.request('PUT', '/api/v1/settings/resolution', { token: admin.token, body });
    expect(put.status).toBe(200);
    expect((await app.request('GET', '/api/v1/settings/resolution', { token: admin.token })).body).toEqual(body);
  });

  test('required for the department and none given → 409 reason_required, the chat stays open', async () => {
    await putTags('chat-ana', ['VIP'], supervisor.token);
    const res = await resolve('chat-ana', { note: 'feito' }, ana.token);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('reason_required');
    const chat = await app.db.chat.findUniqueOrThrow({ where: { id: 'chat-ana' } });
    expect(chat.status).toBe('waiting_attendant');
  });

  test('a reason that is unknown or not of kind reason → 400 naming body.reason, nothing written', async () => {
    const before = await chatTagRows();
    for (const reason of ['Inexistente', 'VIP']) {
      const res = await resolve('chat-ana', { reason }, ana.token);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe('body.reason');
    }
    expect(await chatTagRows()).toBe(before);
  });

  test('a valid reason, or one the chat already carries, passes the check and reaches the workflow', async () => {
    // This app's Temporal does not answer: reaching it is a 503, past every check of ours.
    const withReason = await resolve('chat-ana', { reason: 'segunda via', note: 'ok' }, ana.token);
    expect(withReason.status).toBe(503);
    // Not recorded: the resolve did not happen.
    expect((await app.request('GET', '/api/v1/chats/chat-ana', { token: ana.token })).body.reason).toBeNull();
    await putTags('chat-ana', ['VIP', 'Segunda via'], ana.token);
    expect((await resolve('chat-ana', {}, ana.token)).status).toBe(503);
  }, 60_000);

  test('not required elsewhere: a chat of another department resolves without one (reaches the workflow)', async () => {
    expect((await resolve('chat-bruno', {}, bruno.token)).status).toBe(503);
  }, 60_000);
});
