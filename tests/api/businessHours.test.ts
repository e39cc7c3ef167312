import { ApiApp } from '../helpers/apiApp';

const app = new ApiApp();
let admin: { token: string };
let supervisor: { token: string };
let attendant: { token: string };
beforeAll(async () => {
  await app.start();
  admin = await app.as('admin');
  supervisor = await app.as('supervisor');
  attendant = await app.as('attendant');
});
afterAll(() => app.stop());

const slot = { start: '08:00', end: '18:00' };
const calendar = {
  timezone: 'America/Sao_Paulo',
  weekly: {
    mon: [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ],
    tue: [slot],
    wed: [slot],
    thu: [slot],
    fri: [slot],
  },
  holidays: [{ date: '2026-12-24', name: 'Véspera de Natal' }],
  nationalHolidays: 'BR',
  departments: { plantao: { weekly: { sat: [{ start: '09:00', end: '13:00' }] }, nationalHolidays: null } },
};

describe('GET|PUT /api/v1/business-hours', () => {
  test('requires authentication', async () => {
    await app.expectAuthRequired('GET', '/api/v1/business-hours');
    await app.expectAuthRequired('PUT', '/api/v1/business-hours', calendar);
  });

  test('only an admin writes; nothing written otherwise', async () => {
    for (const who of [supervisor, attendant]) {
      const res = await app.request('PUT', '/api/v1/business-hours', { token: who.token, body: calendar });
      expect(res.status).toBe(403);
    }
    expect(await app.db.setting.count()).toBe(0);
  });

  test.each([
    [
      'overlapping slots',
      {
        weekly: {
          mon: [
            { start: '08:00', end: '12:00' },
            { start: '11:00', end: '14:00' },
          ],
        },
      },
      'body.weekly.mon',
    ],
    ['an unknown time zone', { timezone: 'America/Atlantis' }, 'body.timezone'],
    ['start after end', { weekly: { tue: [{ start: '18:00', end: '08:00' }] } }, 'body.weekly.tue.0.end'],
    ['start equal to end', { weekly: { tue: [{ start: '08:00', end: '08:00' }] } }, 'body.weekly.tue.0.end'],
    ['a bad time', { weekly: { tue: [{ start: '8h', end: '18:00' }] } }, 'body.weekly.tue.0.start'],
    ['an unknown weekday', { weekly: { mon: [slot], xyz: [slot] } }, 'body.weekly'],
    ['a bad date', { holidays: [{ date: '2026-02-30', name: 'Nunca' }] }, 'body.holidays.0.date'],
    [
      'a date twice',
      {
        holidays: [
          { date: '2026-12-24', name: 'A' },
          { date: '2026-12-24', name: 'B' },
        ],
      },
      'body.holidays.1.date',
    ],
    ['an unknown country', { nationalHolidays: 'AR' }, 'body.nationalHolidays'],
    [
      'a department with overlapping slots',
      {
        departments: {
          vendas: {
            weekly: {
              fri: [
                { start: '08:00', end: '18:00' },
                { start: '17:00', end: '20:00' },
              ],
            },
          },
        },
      },
      'body.departments.vendas.weekly.fri',
    ],
    [
      'a department with an unknown time zone',
      { departments: { vendas: { timezone: 'Mars/Olympus' } } },
      'body.departments.vendas.timezone',
    ],
    ['an unknown field', { teams: [] }, 'body'],
  ])('%s → 400 naming the field, nothing written', async (_case, change, field) => {
    const res = await app.request('PUT', '/api/v1/business-hours', {
      token: admin.token,
      body: { ...calendar, ...change },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(res.body.error.message.startsWith(field)).toBe(true);
    expect(await app.db.setting.count()).toBe(0);
  });

  test('never set: always open, read by anyone signed in', async () => {
    const res = await app.request('GET', '/api/v1/business-hours', { token: attendant.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      timezone: 'America/Sao_Paulo',
      weekly: {},
      holidays: [],
      nationalHolidays: null,
      departments: {},
    });
  });

  test('an admin sets the calendar; supervisors and attendants read it back', async () => {
    const put = await app.request('PUT', '/api/v1/business-hours', { token: admin.token, body: calendar });
    expect(put.status).toBe(200);
    expect(put.body).toEqual(calendar);
    for (const who of [admin, supervisor, attendant]) {
      expect((await app.request('GET', '/api/v1/business-hours', { token: who.token })).body).toEqual(calendar);
    }
    // Optional fields default.
    const minimal = { timezone: 'America/Manaus', weekly: { mon: [slot] } };
    expect((await app.request('PUT', '/api/v1/business-hours', { token: admin.token, body: minimal })).body).toEqual({
      ...minimal,
      holidays: [],
      nationalHolidays: null,
      departments: {},
    });
  });
});
