import { ApiApp } from '../helpers/apiApp';

const app = new ApiApp();
let admin: { id: string; token: string };
let attendant: { id: string; token: string };
beforeAll(async () => {
  await app.start();
  admin = await app.as('admin');
  attendant = await app.as('attendant');
});
afterAll(() => app.stop());

const valid = (n: string) => ({ name: n, email: `${n}@example.com`, password: 'a-long-password' });

describe('POST /api/v1/attendants', () => {
  test('requires authentication', () => app.expectAuthRequired('POST', '/api/v1/attendants', valid('x')));

  test('requires an admin', async () => {
    const res = await app.request('POST', '/api/v1/attendants', { token: attendant.token, body: valid('x') });
    expect(res.status).toBe(403);
  });

  test.each([
    [
      'unknown weekday',
      { workingHours: { funday: [{ start: '08:00', end: '18:00' }] } },
      'body.workingHours: Unrecognized key: "funday"',
    ],
    ['25:00', { workingHours: { mon: [{ start: '25:00', end: '26:00' }] } }, 'body.workingHours.mon.0.start'],
    ['end before start', { workingHours: { mon: [{ start: '18:00', end: '08:00' }] } }, 'body.workingHours.mon.0.end'],
    ['unknown time zone', { timezone: 'Mars/Olympus' }, 'body.timezone'],
    ['negative capacity', { maxConcurrent: -1 }, 'body.maxConcurrent'],
    ['zero capacity', { maxConcurrent: 0 }, 'body.maxConcurrent'],
    ['unknown role', { role: 'owner' }, 'body.role'],
  ])('%s → 400 naming the field, nothing written', async (_case, extra, field) => {
    const before = await app.db.attendant.count();
    const res = await app.request('POST', '/api/v1/attendants', {
      token: admin.token,
      body: { ...valid(`bad-${before}`), ...extra },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message.startsWith(field)).toBe(true);
    expect(await app.db.attendant.count()).toBe(before);
  });

  test('creates one with hours in their time zone; answers its load and never the password', async () => {
    const hours = { mon: [{ start: '08:00', end: '12:00' }], tue: [] };
    const res = await app.request('POST', '/api/v1/attendants', {
      token: admin.token,
      body: { ...valid('lia'), workingHours: hours, timezone: 'Europe/Lisbon', skills: ['vip'], maxConcurrent: 3 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      workingHours: hours,
      timezone: 'Europe/Lisbon',
      activeChats: 0,
      maxConcurrent: 3,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password|a-long-password/i);
  });
});

describe('PATCH /api/v1/attendants/:id', () => {
  test('requires authentication', () => app.expectAuthRequired('PATCH', `/api/v1/attendants/${attendant.id}`, {}));

  test('requires an admin', async () => {
    const res = await app.request('PATCH', `/api/v1/attendants/${attendant.id}`, {
      token: attendant.token,
      body: { maxConcurrent: 9 },
    });
    expect(res.status).toBe(403);
  });

  test('bad hours → 400, nothing changed', async () => {
    const res = await app.request('PATCH', `/api/v1/attendants/${attendant.id}`, {
      token: admin.token,
      body: {
        workingHours: {
          mon: [
            { start: '08:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^body\.workingHours\.mon/);
    expect((await app.db.attendant.findUniqueOrThrow({ where: { id: attendant.id } })).workingHours).toBe('{}');
  });

  test('unknown attendant → 404', async () => {
    const res = await app.request('PATCH', '/api/v1/attendants/nobody', { token: admin.token, body: { name: 'x' } });
    expect(res.status).toBe(404);
  });
});

describe('PATCH /api/v1/me', () => {
  test('requires authentication', () => app.expectAuthRequired('PATCH', '/api/v1/me', { available: true }));

  test('only availability may be changed', async () => {
    const res = await app.request('PATCH', '/api/v1/me', { token: attendant.token, body: { maxConcurrent: 99 } });
    expect(res.status).toBe(400);
  });
});

describe('password policy', () => {
  test.each([
    ['12345678', 'at least 10 characters'],
    ['aaaaaaaa', 'at least 10 characters'],
    ['aaaaaaaaaa', 'too easy to guess'],
    ['1234567890', 'too easy to guess'],
    ['password123', 'too easy to guess'],
    ['qwertyuiop', 'too easy to guess'],
  ])('%s is refused with a 400 naming the password (%s), nothing written', async (password, why) => {
    const { token } = await app.as('admin');
    const before = await app.db.attendant.count();
    const res = await app.request('POST', '/api/v1/attendants', {
      token,
      body: { name: 'Pat', email: `pat-${password}@example.com`, password },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'body.password', message: expect.stringContaining(why) }]);
    expect(await app.db.attendant.count()).toBe(before);
  });

  test('a password built from the person’s own name is refused; a good one is taken, on update too', async () => {
    const { token } = await app.as('admin');
    const weak = await app.request('POST', '/api/v1/attendants', {
      token,
      body: { name: 'Gertrudes Valadares', email: 'gertrudes@example.com', password: 'gertrudes1' },
    });
    expect(weak.status).toBe(400);
    const ok = await app.request('POST', '/api/v1/attendants', {
      token,
      body: { name: 'Gertrudes Valadares', email: 'gertrudes@example.com', password: 'lanterna-azul-de-vidro' },
    });
    expect(ok.status).toBe(201);
    const update = await app.request('PATCH', `/api/v1/attendants/${ok.body.id}`, {
      token,
      body: { password: '11111111111' },
    });
    expect(update.status).toBe(400);
  });

  test.each(['Senha@1234', 'Atende@2025', 'Brasil2024!', 'corinthians1'])(
    'the common Brazilian password %s is refused, on creation and on a change of password alone',
    async (password) => {
      const { token } = await app.as('admin');
      const before = await app.db.attendant.count();
      const created = await app.request('POST', '/api/v1/attendants', {
        token,
        body: { name: 'Pat', email: `pat-${before}@example.com`, password },
      });
      expect(created.status).toBe(400);
      expect(created.body.error.details).toEqual([
        { path: 'body.password', message: expect.stringContaining('too easy to guess') },
      ]);
      expect(await app.db.attendant.count()).toBe(before);
      const changed = await app.request('PATCH', `/api/v1/attendants/${attendant.id}`, {
        token,
        body: { password },
      });
      expect(changed.status).toBe(400);
      expect(changed.body.error.message.startsWith('body.password')).toBe(true);
    },
  );

  test('a change of password alone is judged against the stored name and e-mail; a strong passphrase is taken', async () => {
    const { token } = await app.as('admin');
    const made = await app.request('POST', '/api/v1/attendants', {
      token,
      body: { name: 'Gertrudes Valadares', email: 'g.valadares@example.com', password: 'lanterna-azul-de-vidro' },
    });
    expect(made.status).toBe(201);
    for (const password of ['gertrudes-valadares', 'GertrudesValadares1', 'g.valadares@example.com']) {
      const res = await app.request('PATCH', `/api/v1/attendants/${made.body.id}`, { token, body: { password } });
      expect({ password, status: res.status, path: res.body.error?.details?.[0]?.path }).toEqual({
        password,
        status: 400,
        path: 'body.password',
      });
    }
    const strong = await app.request('PATCH', `/api/v1/attendants/${made.body.id}`, {
      token,
      body: { password: 'cavalo-correto-bateria-grampo' },
    });
    expect(strong.status).toBe(200);
  });
});

describe('GET /api/v1/directory', () => {
  test('requires authentication', () => app.expectAuthRequired('GET', '/api/v1/directory'));

  test('any attendant sees whom to transfer to: active people and every department, no contact details', async () => {
    const made = await app.request('POST', '/api/v1/attendants', {
      token: admin.token,
      body: { ...valid('dir-rui'), department: 'financeiro' },
    });
    const gone = await app.request('POST', '/api/v1/attendants', {
      token: admin.token,
      body: { ...valid('dir-gone'), department: 'juridico' },
    });
    await app.request('DELETE', `/api/v1/attendants/${gone.body.id}`, { token: admin.token });
    await app.request('PUT', '/api/v1/routing', {
      token: admin.token,
      body: { rules: [{ intent: 'complaint', department: 'ouvidoria' }], defaultDepartment: 'suporte' },
    });

    const res = await app.request('GET', '/api/v1/directory', { token: attendant.token });
    expect(res.status).toBe(200);
    expect(res.body.attendants).toContainEqual({
      id: made.body.id,
      name: 'dir-rui',
      department: 'financeiro',
      available: false,
    });
    expect(res.body.attendants.map((a: { id: string }) => a.id)).not.toContain(gone.body.id);
    expect(res.body.departments).toEqual(expect.arrayContaining(['financeiro', 'ouvidoria', 'suporte']));
    expect(res.body.departments).not.toContain('juridico');
    expect(JSON.stringify(res.body)).not.toMatch(/@example\.com|phone|maxConcurrent/);
  });
});
