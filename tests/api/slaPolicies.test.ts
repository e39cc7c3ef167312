import { ApiApp } from '../helpers/apiApp';

const app = new ApiApp();
let admin: { id: string; token: string };
let supervisor: { id: string; token: string };
let attendant: { id: string; token: string };
beforeAll(async () => {
  await app.start();
  admin = await app.as('admin');
  supervisor = await app.as('supervisor');
  attendant = await app.as('attendant');
});
afterAll(() => app.stop());

const policies = [
  {
    name: 'Urgente',
    match: { priority: 'urgent' },
    targets: { firstResponse: '5 minutes', resolution: '4 hours' },
    businessHours: false,
    warnAt: 0.8,
    onBreach: { requeue: true, raisePriority: false },
  },
  { name: 'Padrão', match: {}, targets: { firstResponse: '1 hour' }, businessHours: true, warnAt: 0.5 },
];

describe('GET|PUT /api/v1/sla-policies', () => {
  test('requires authentication', async () => {
    await app.expectAuthRequired('GET', '/api/v1/sla-policies');
    await app.expectAuthRequired('PUT', '/api/v1/sla-policies', policies);
  });

  test('only an admin writes; nothing written otherwise', async () => {
    for (const who of [supervisor, attendant]) {
      const res = await app.request('PUT', '/api/v1/sla-policies', { token: who.token, body: policies });
      expect(res.status).toBe(403);
    }
    expect(await app.db.setting.count({ where: { key: 'sla-policies' } })).toBe(0);
  });

  test.each([
    ['a negative duration', [{ name: 'x', targets: { firstResponse: '-5 minutes' } }], 'body.0.targets.firstResponse'],
    ['a duration of no unit', [{ name: 'x', targets: { resolution: '10' } }], 'body.0.targets.resolution'],
    ['no target', [{ name: 'x', targets: {} }], 'body.0.targets'],
    ['an unknown target', [{ name: 'x', targets: { firstReply: '1 hour' } }], 'body.0.targets'],
    [
      'an unknown priority',
      [{ name: 'x', match: { priority: 'asap' }, targets: { resolution: '1 hour' } }],
      'body.0.match.priority',
    ],
    ['warnAt above 1', [{ name: 'x', targets: { resolution: '1 hour' }, warnAt: 1.5 }], 'body.0.warnAt'],
    ['no name', [{ targets: { resolution: '1 hour' } }], 'body.0.name'],
    [
      'two policies of one name',
      [
        { name: 'A', targets: { resolution: '1 hour' } },
        { name: 'a', targets: { resolution: '2 hours' } },
      ],
      'body.1.name',
    ],
    ['not a list', { name: 'x' }, 'body'],
    [
      'an unknown channel',
      [{ name: 'x', match: { channelId: 'nope' }, targets: { resolution: '1 hour' } }],
      'body.0.match.channelId',
    ],
  ])('400 naming the field for %s; nothing written', async (_what, body, path) => {
    const res = await app.request('PUT', '/api/v1/sla-policies', { token: admin.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await app.db.setting.count({ where: { key: 'sla-policies' } })).toBe(0);
    expect(await app.db.auditEntry.count({ where: { action: 'sla_policies.updated' } })).toBe(0);
  });

  test('an admin sets the ordered list; everyone signed in reads it; the change is audited', async () => {
    const empty = await app.request('GET', '/api/v1/sla-policies', { token: attendant.token });
    expect(empty.body).toEqual([]);
    const put = await app.request('PUT', '/api/v1/sla-policies', { token: admin.token, body: policies });
    expect(put.status).toBe(200);
    expect(put.body).toEqual(policies);
    const got = await app.request('GET', '/api/v1/sla-policies', { token: attendant.token });
    expect(got.body).toEqual(policies);
    const audit = await app.db.auditEntry.findMany({ where: { action: 'sla_policies.updated' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'attendant', actorId: admin.id, targetId: 'sla-policies' });
    expect(JSON.parse(audit[0]!.details)).toEqual({ count: 2, names: ['Urgente', 'Padrão'] });
  });
});

describe('the chat detail and list show the SLA', () => {
  test('sla as the workflow wrote it; null without a policy', async () => {
    const sla = {
      policy: 'Padrão',
      firstResponseDue: '2026-12-02T10:00:00.000Z',
      nextResponseDue: null,
      resolutionDue: null,
      breaches: [],
      clocks: {
        firstResponse: {
          status: 'running',
          targetMs: 3_600_000,
          spentMs: 0,
          since: '2026-12-02T09:00:00.000Z',
          dueAt: '2026-12-02T10:00:00.000Z',
        },
      },
      at: '2026-12-02T09:00:00.000Z',
      met: null,
    };
    await app.seedChats({ 'sla-1': { sla: JSON.stringify(sla) }, 'sla-2': {} });
    const detail = await app.request('GET', '/api/v1/chats/sla-1', { token: admin.token });
    expect(detail.body.sla).toEqual(sla);
    const plain = await app.request('GET', '/api/v1/chats/sla-2', { token: admin.token });
    expect(plain.body.sla).toBeNull();
    const list = await app.request('GET', '/api/v1/chats', { token: admin.token });
    expect(list.body.items.find((c: { id: string }) => c.id === 'sla-1').sla.firstResponseDue).toBe(
      sla.firstResponseDue,
    );
  });
});

describe('POST /api/v1/chats/:id/hold', () => {
  test('400 naming the field for a time in the past or not a time, an unknown field', async () => {
    await app.seedChats({ 'hold-1': { attendantId: attendant.id } });
    for (const [body, path] of [
      [{ until: '2020-01-01T00:00:00Z' }, 'body.until'],
      [{ until: 'amanhã' }, 'body.until'],
      [{ reason: '' }, 'body.reason'],
      [{ until: new Date(Date.now() + 400 * 86_400_000).toISOString() }, 'body.until'],
      [{ minutes: 5 }, 'body'],
    ] as const) {
      const res = await app.request('POST', '/api/v1/chats/hold-1/hold', { token: attendant.token, body });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe(path);
    }
  });

  test("404 for a chat the caller cannot read, 409 for another attendant's chat they can", async () => {
    const other = await app.as('attendant');
    await app.seedChats({ 'hold-2': { attendantId: other.id } });
    const hidden = await app.request('POST', '/api/v1/chats/hold-2/hold', { token: attendant.token, body: {} });
    expect(hidden.status).toBe(404);
    // A transfer's participant reads the chat but holds nothing.
    await app.db.statusChange.create({
      data: {
        id: 'hold-2:9',
        chatId: 'hold-2',
        seq: 9,
        at: new Date(),
        from: 'waiting_attendant',
        to: 'transferred',
        actor: `attendant:${attendant.id}`,
      },
    });
    const refused = await app.request('POST', '/api/v1/chats/hold-2/hold', { token: attendant.token, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('not_assignee');
    const closed = await app.seedChats({ 'hold-3': { attendantId: attendant.id, status: 'resolved' } });
    expect(closed).toBeDefined();
    const res = await app.request('POST', '/api/v1/chats/hold-3/unhold', { token: attendant.token });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('chat_closed');
  });
});
