import { ApiApp } from '../helpers/apiApp';
import { FAKE_BOT_TOKEN } from '../helpers/channelServices';
import { FakeBotApi } from '../fakes/telegramBotApi';

// Every audited change of the existing API writes exactly its entries, in its own transaction:
// a table of changes over loopback, then refused and failed changes that write none.

const telegram = new FakeBotApi();
let app: ApiApp;
let admin: { id: string; token: string };
let supervisor: { id: string; token: string };
let attendant: { id: string; token: string };
beforeAll(async () => {
  await telegram.start();
  app = await new ApiApp(undefined, { channelServices: { telegramApiRoot: telegram.url } }).start();
  admin = await app.as('admin');
  supervisor = await app.as('supervisor');
  attendant = await app.as('attendant');
});
afterAll(async () => {
  await app.stop();
  await telegram.stop();
});

let seen = 0;
/** The entries written since the last call, oldest first. */
async function newEntries() {
  const rows = await app.db.auditEntry.findMany({ where: { id: { gt: seen } }, orderBy: { id: 'asc' } });
  seen = rows.at(-1)?.id ?? seen;
  return rows;
}

const PASSWORD = 'Vermelho-Cavalo-Lua-42';
const NEW_PASSWORD = 'Azul-Tartaruga-Sol-77';
const CHANNEL_SECRET = 'a-channel-secret-123';
const ROTATED_SECRET = 'another-secret-456789';
const state: Record<string, string> = {};
const as = (who: { token: string }) => ({
  req: (method: string, path: string, body?: unknown) => app.request(method, path, { token: who.token, body }),
});

interface Case {
  name: string;
  run: () => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  actions: string[];
  /** The actor, when not the admin. */
  actor?: { type: string; id: string | null };
  target?: { type: string; id: () => string };
  details?: Record<string, unknown>;
}

const calendar = {
  timezone: 'America/Sao_Paulo',
  weekly: { mon: [{ start: '08:00', end: '18:00' }] },
  holidays: [],
  nationalHolidays: 'BR',
  departments: {},
};

const CASES: Case[] = [
  {
    name: 'an attendant created',
    run: async () => {
      const res = await as(admin).req('POST', '/api/v1/attendants', {
        name: 'Joana Prado',
        email: 'joana@example.com',
        password: PASSWORD,
        role: 'attendant',
      });
      state.joana = res.body.id;
      return res;
    },
    status: 201,
    actions: ['attendant.created'],
    target: { type: 'attendant', id: () => state.joana! },
    details: { role: 'attendant' },
  },
  {
    name: 'an attendant updated (field names only)',
    run: () => as(admin).req('PATCH', `/api/v1/attendants/${state.joana}`, { department: 'suporte' }),
    status: 200,
    actions: ['attendant.updated'],
    details: { fields: ['department'] },
  },
  {
    name: 'a role changed, with before and after',
    run: () => as(admin).req('PATCH', `/api/v1/attendants/${state.joana}`, { role: 'supervisor' }),
    status: 200,
    actions: ['attendant.role_changed'],
    target: { type: 'attendant', id: () => state.joana! },
    details: { before: 'attendant', after: 'supervisor' },
  },
  {
    name: 'a password changed (never written)',
    run: () => as(admin).req('PATCH', `/api/v1/attendants/${state.joana}`, { password: NEW_PASSWORD }),
    status: 200,
    actions: ['auth.password_changed'],
    details: {},
  },
  {
    name: 'a login',
    run: async () => {
      const res = await app.request('POST', '/api/v1/auth/login', {
        body: { email: 'joana@example.com', password: NEW_PASSWORD },
      });
      state.refresh = res.body.refreshToken;
      return res;
    },
    status: 200,
    actions: ['auth.login'],
    actor: { type: 'attendant', id: null },
    target: { type: 'attendant', id: () => state.joana! },
  },
  {
    name: 'a failed login: the e-mail tried, never the password',
    run: () => app.request('POST', '/api/v1/auth/login', { body: { email: 'JOANA@example.com', password: PASSWORD } }),
    status: 401,
    actions: ['auth.login_failed'],
    actor: { type: 'anonymous', id: null },
    details: { email: 'joana@example.com' },
  },
  {
    name: 'a refresh writes nothing',
    run: () => app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: state.refresh } }),
    status: 200,
    actions: [],
  },
  {
    name: 'a refresh token used again',
    run: () => app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: state.refresh } }),
    status: 401,
    actions: ['auth.refresh_reuse'],
    actor: { type: 'anonymous', id: null },
    target: { type: 'attendant', id: () => state.joana! },
  },
  {
    name: 'an attendant deactivated',
    run: () => as(admin).req('DELETE', `/api/v1/attendants/${state.joana}`),
    status: 204,
    actions: ['attendant.deactivated'],
  },
  {
    name: 'a channel created',
    run: async () => {
      const res = await as(admin).req('POST', '/api/v1/channels', {
        type: 'api',
        name: 'Site',
        secret: CHANNEL_SECRET,
        callbackUrl: 'http://127.0.0.1:4000/cb',
      });
      state.channel = res.body.id;
      return res;
    },
    status: 201,
    actions: ['channel.created'],
    target: { type: 'channel', id: () => state.channel! },
    details: { type: 'api' },
  },
  {
    name: 'a channel updated',
    run: () => as(admin).req('PATCH', `/api/v1/channels/${state.channel}`, { name: 'Site novo' }),
    status: 200,
    actions: ['channel.updated'],
    details: { fields: ['name'] },
  },
  {
    name: 'a channel secret rotated: named, never shown',
    run: () => as(admin).req('PATCH', `/api/v1/channels/${state.channel}`, { secret: ROTATED_SECRET }),
    status: 200,
    actions: ['channel.secret_rotated'],
    target: { type: 'channel', id: () => state.channel! },
    details: { secret: 'rotated', fields: ['secret'] },
  },
  {
    name: 'a channel renamed and its secret rotated: one entry each',
    run: () => as(admin).req('PATCH', `/api/v1/channels/${state.channel}`, { name: 'Site', secret: CHANNEL_SECRET }),
    status: 200,
    actions: ['channel.updated', 'channel.secret_rotated'],
  },
  {
    name: 'a channel deleted',
    run: () => as(admin).req('DELETE', `/api/v1/channels/${state.channel}`),
    status: 204,
    actions: ['channel.deleted'],
  },
  {
    name: 'routing rules',
    run: () =>
      as(admin).req('PUT', '/api/v1/routing', {
        rules: [{ intent: 'billing', department: 'financeiro', skills: [], priority: 'high' }],
        defaultDepartment: 'suporte',
      }),
    status: 200,
    actions: ['routing.updated'],
    details: { rules: 1 },
  },
  {
    name: 'a setting (the resolution reason)',
    run: () => as(admin).req('PUT', '/api/v1/settings/resolution', { requireReason: true }),
    status: 200,
    actions: ['settings.updated'],
    target: { type: 'setting', id: () => 'resolution' },
  },
  {
    name: 'business hours',
    run: () => as(admin).req('PUT', '/api/v1/business-hours', calendar),
    status: 200,
    actions: ['business_hours.updated'],
  },
  {
    name: 'automatic messages',
    run: () =>
      as(admin).req('PUT', '/api/v1/automatic-messages', {
        default: { 'pt-BR': { handoff: 'Já chamo alguém!' } },
        channels: {},
      }),
    status: 200,
    actions: ['automatic_messages.updated'],
  },
  {
    name: 'a training created (by a supervisor)',
    run: () =>
      as(supervisor).req('POST', '/api/v1/trainings', {
        tag: 'boleto_2via',
        group: 'financeiro',
        documents: [{ pageContent: 'Segunda via no app.' }],
      }),
    status: 201,
    actions: ['training.created'],
    actor: { type: 'attendant', id: 'supervisor' },
    target: { type: 'training', id: () => 'boleto_2via' },
  },
  {
    name: 'a training updated',
    run: () =>
      as(admin).req('PUT', '/api/v1/trainings/boleto_2via', {
        group: 'financeiro',
        documents: [{ pageContent: 'Segunda via no aplicativo.' }],
      }),
    status: 200,
    actions: ['training.updated'],
  },
  {
    name: 'a training deleted',
    run: () => as(admin).req('DELETE', '/api/v1/trainings/boleto_2via'),
    status: 204,
    actions: ['training.deleted'],
  },
  {
    name: 'a tag created',
    run: async () => {
      const res = await as(admin).req('POST', '/api/v1/tags', { name: 'Urgente' });
      state.tag = res.body.id;
      return res;
    },
    status: 201,
    actions: ['tag.created'],
    target: { type: 'tag', id: () => state.tag! },
  },
  {
    name: 'a tag updated',
    run: () => as(admin).req('PATCH', `/api/v1/tags/${state.tag}`, { color: '#ff0000' }),
    status: 200,
    actions: ['tag.updated'],
    details: { fields: ['color'] },
  },
  {
    name: 'a tag deleted (archived)',
    run: () => as(admin).req('DELETE', `/api/v1/tags/${state.tag}`),
    status: 204,
    actions: ['tag.deleted'],
  },
  {
    name: 'a canned response created',
    run: async () => {
      const res = await as(admin).req('POST', '/api/v1/canned-responses', {
        shortcut: 'ola',
        title: 'Olá',
        content: 'Olá! Como posso ajudar?',
        scope: 'all',
      });
      state.canned = res.body.id;
      return res;
    },
    status: 201,
    actions: ['canned_response.created'],
    target: { type: 'canned_response', id: () => state.canned! },
    details: { scope: 'all' },
  },
  {
    name: 'a canned response updated',
    run: () => as(admin).req('PATCH', `/api/v1/canned-responses/${state.canned}`, { title: 'Oi' }),
    status: 200,
    actions: ['canned_response.updated'],
    details: { fields: ['title'] },
  },
  {
    name: 'a canned response deleted',
    run: () => as(admin).req('DELETE', `/api/v1/canned-responses/${state.canned}`),
    status: 204,
    actions: ['canned_response.deleted'],
  },
  {
    name: 'contacts merged: counts, no personal data',
    run: async () => {
      const kept = await app.db.contact.create({ data: { name: 'Maria Souza', phone: '+5511999990001' } });
      const gone = await app.db.contact.create({ data: { name: 'Maria S.', email: 'maria@example.com' } });
      state.kept = kept.id;
      return as(admin).req('POST', `/api/v1/contacts/${kept.id}/merge`, { contactId: gone.id });
    },
    status: 200,
    actions: ['contact.merged'],
    target: { type: 'contact', id: () => state.kept! },
    details: { identities: 0, chats: 0, fields: ['email'] },
  },
  {
    name: 'the chats report exported',
    run: () => as(supervisor).req('GET', '/api/v1/reports/chats.csv'),
    status: 200,
    actions: ['report.exported'],
    actor: { type: 'attendant', id: 'supervisor' },
    target: { type: 'report', id: () => 'chats' },
  },
  {
    name: 'the contacts exported',
    run: () => as(admin).req('GET', '/api/v1/contacts/export?format=json'),
    status: 200,
    actions: ['report.exported'],
    target: { type: 'report', id: () => 'contacts' },
    details: { format: 'json', rows: 1 },
  },
];

describe('each audited change writes exactly its entries', () => {
  beforeAll(async () => {
    await newEntries();
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await c.run();
    expect(res.status).toBe(c.status);
    const entries = await newEntries();
    expect(entries.map((e) => e.action)).toEqual(c.actions);
    const secrets = [PASSWORD, NEW_PASSWORD, CHANNEL_SECRET, ROTATED_SECRET, 'Maria', '+5511999990001'];
    for (const entry of entries) {
      expect(entry.ip).toBe('127.0.0.1');
      // No password, secret, nor customer's name or phone in any entry.
      for (const secret of secrets) expect(JSON.stringify(entry)).not.toContain(secret);
      const actor = c.actor ?? { type: 'attendant', id: 'admin' };
      expect(entry.actorType).toBe(actor.type);
      if (actor.type === 'attendant' && actor.id === 'admin') expect(entry.actorId).toBe(admin.id);
      if (actor.id === 'supervisor') expect(entry.actorId).toBe(supervisor.id);
      if (actor.type === 'attendant' && actor.id === null) expect(entry.actorId).toBe(entry.targetId);
      if (actor.type === 'anonymous') expect(entry.actorId).toBeNull();
    }
    if (c.target) expect(entries[0]).toMatchObject({ targetType: c.target.type, targetId: c.target.id() });
    if (c.details) expect(JSON.parse(entries[0]!.details)).toMatchObject(c.details);
    if (c.details && Object.keys(c.details).length === 0) expect(JSON.parse(entries[0]!.details)).toEqual({});
  });
});

describe('a refused or failed change writes no entry', () => {
  const REFUSED: Array<[string, () => Promise<{ status: number }>, number]> = [
    ['bad body (attendant)', () => as(admin).req('POST', '/api/v1/attendants', { name: '' }), 400],
    ['weak password', () => as(admin).req('PATCH', `/api/v1/attendants/${admin.id}`, { password: 'abc' }), 400],
    [
      'not an admin (role change)',
      () => as(supervisor).req('PATCH', `/api/v1/attendants/${attendant.id}`, { role: 'admin' }),
      403,
    ],
    ['not an admin (channel)', () => as(attendant).req('POST', '/api/v1/channels', { type: 'api', name: 'x' }), 403],
    ['bad routing', () => as(admin).req('PUT', '/api/v1/routing', { rules: 'none' }), 400],
    ['routing by a supervisor', () => as(supervisor).req('PUT', '/api/v1/routing', { rules: [] }), 403],
    ['bad hours', () => as(admin).req('PUT', '/api/v1/business-hours', { timezone: 'Mars/Base' }), 400],
    [
      'texts by a supervisor',
      () => as(supervisor).req('PUT', '/api/v1/automatic-messages', { default: {}, channels: {} }),
      403,
    ],
    [
      'texts for no channel',
      () => as(admin).req('PUT', '/api/v1/automatic-messages', { default: {}, channels: { nope: {} } }),
      400,
    ],
    [
      'a setting by a supervisor',
      () => as(supervisor).req('PUT', '/api/v1/settings/resolution', { requireReason: false }),
      403,
    ],
    ['a tag by an attendant', () => as(attendant).req('POST', '/api/v1/tags', { name: 'Novo' }), 403],
    ['a training deleted twice', () => as(admin).req('DELETE', '/api/v1/trainings/boleto_2via'), 404],
    [
      'a merge into itself',
      () => as(admin).req('POST', `/api/v1/contacts/${state.kept}/merge`, { contactId: state.kept }),
      400,
    ],
    ['the chats report by an attendant', () => as(attendant).req('GET', '/api/v1/reports/chats.csv'), 403],
    ['a bad report window', () => as(admin).req('GET', '/api/v1/reports/chats.csv?from=yesterday'), 400],
    ['a deleted channel is unknown', () => as(admin).req('DELETE', '/api/v1/channels/nope'), 404],
  ];
  test.each(REFUSED)('%s', async (_name, run, status) => {
    await newEntries();
    expect((await run()).status).toBe(status);
    expect(await newEntries()).toEqual([]);
  });

  test('a tag name taken (409) writes none; nor does a canned shortcut taken, failing in the write itself', async () => {
    await as(admin).req('POST', '/api/v1/tags', { name: 'Financeiro' });
    await as(admin).req('POST', '/api/v1/canned-responses', {
      shortcut: 'tchau',
      title: 'Tchau',
      content: 'Até mais',
      scope: 'all',
    });
    await newEntries();
    expect((await as(admin).req('POST', '/api/v1/tags', { name: 'financeiro' })).status).toBe(409);
    const again = await as(admin).req('POST', '/api/v1/canned-responses', {
      shortcut: 'tchau',
      title: 'Outro',
      content: 'Outro',
      scope: 'all',
    });
    expect(again.status).toBe(409);
    expect(await newEntries()).toEqual([]);
  });

  test('an attendant whose e-mail is taken fails in the write: no attendant, no entry', async () => {
    await newEntries();
    const before = await app.db.attendant.count();
    const res = await as(admin).req('POST', '/api/v1/attendants', {
      name: 'Outra Joana',
      email: 'joana@example.com',
      password: PASSWORD,
    });
    expect(res.status).toBe(409);
    expect(await app.db.attendant.count()).toBe(before);
    expect(await newEntries()).toEqual([]);
  });

  test('Telegram takes the channel: registered before the row is written, with its id', async () => {
    await newEntries();
    const res = await as(admin).req('POST', '/api/v1/channels', {
      type: 'telegram',
      name: 'Bot',
      botToken: FAKE_BOT_TOKEN,
      secret: CHANNEL_SECRET,
      mode: 'polling',
    });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^c[0-9a-z]{24}$/);
    expect(telegram.callsOf('deleteWebhook')).toHaveLength(1);
    expect((await newEntries()).map((e) => [e.action, e.targetId])).toEqual([['channel.created', res.body.id]]);
  });

  test('Telegram refuses the channel: no channel, no entry', async () => {
    telegram.failNext('deleteWebhook', { status: 401, description: 'Unauthorized' });
    await newEntries();
    const before = await app.db.channel.count();
    const res = await as(admin).req('POST', '/api/v1/channels', {
      type: 'telegram',
      name: 'Bot',
      botToken: FAKE_BOT_TOKEN,
      secret: CHANNEL_SECRET,
      mode: 'polling',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('body.botToken');
    expect(await app.db.channel.count()).toBe(before);
    expect(await newEntries()).toEqual([]);
  });
});
