import { migrateDatabase } from '../../src/db/migrate';
import { createDb, type Db } from '../../src/db/client';
import { bucketStarts, metricSeries, type SeriesQuery } from '../../src/metrics/series';
import { ApiApp } from '../helpers/apiApp';
import { NOW, seedMetricsDataset, WINDOW } from '../helpers/metricsDataset';
import { startPostgres } from '../helpers/postgres';

// Figures over time against the hand-computed data set of
// tests/helpers/metricsDataset.ts (chats at 10:00…14:00 UTC on 2026-01-01),
// bucketed in America/Sao_Paulo (UTC−3), through the route on SQLite and
// directly on PostgreSQL.

const app = new ApiApp(undefined, { timeZone: 'America/Sao_Paulo' });
let ids: Awaited<ReturnType<typeof seedMetricsDataset>>;

/** The dataset, c1 rated 5 and c2 rated 2, and a chat at 23:00 in São Paulo on Jan 1 (02:00 UTC on Jan 2). */
async function seed(db: Db) {
  const seeded = await seedMetricsDataset(db);
  await db.chat.update({ where: { id: 'c1' }, data: { rating: 5 } });
  await db.chat.update({ where: { id: 'c2' }, data: { rating: 2 } });
  const contact = await db.contact.findFirstOrThrow();
  await db.chat.create({
    data: {
      id: 'late',
      workflowId: 'late',
      externalChatId: 'late',
      contactId: contact.id,
      channelId: seeded.a,
      status: 'waiting',
      startedAt: new Date('2026-01-02T02:00:00.000Z'),
    },
  });
  return seeded;
}

beforeAll(async () => {
  await app.start();
  ids = await seed(app.db);
});
afterAll(() => app.stop());

async function series(query: string) {
  const { token } = await app.as('supervisor');
  const res = await app.request('GET', `/api/v1/metrics/series?${query}`, { token });
  expect(res.status).toBe(200);
  return res.body as {
    metric: string;
    interval: string;
    from: string;
    to: string;
    timeZone: string;
    points: Array<{ t: string; value: number | null; count: number }>;
  };
}

const window = `from=${WINDOW.from}&to=${WINDOW.to}`;
/** The hourly points that have chats, as [UTC hour, value, count]. */
const busyHours = (points: Array<{ t: string; value: number | null; count: number }>) =>
  points.filter((p) => p.count > 0).map((p) => [p.t.slice(11, 13), p.value, p.count]);

describe('GET /api/v1/metrics/series', () => {
  test('requires authentication', () => app.expectAuthRequired('GET', '/api/v1/metrics/series?metric=chats'));

  test('attendants may not read it (403); supervisors and admins may', async () => {
    for (const [role, status] of [
      ['attendant', 403],
      ['supervisor', 200],
      ['admin', 200],
    ] as const) {
      const { token } = await app.as(role);
      expect((await app.request('GET', `/api/v1/metrics/series?metric=chats&${window}`, { token })).status).toBe(
        status,
      );
    }
  });

  test('bad input is a 400 naming the field', async () => {
    const { token } = await app.as('supervisor');
    for (const [query, field] of [
      [window, 'query.metric'],
      [`metric=messages&${window}`, 'query.metric'],
      [`metric=chats&interval=week&${window}`, 'query.interval'],
      ['metric=chats&from=yesterday', 'query.from'],
      [`metric=chats&from=${WINDOW.to}&to=${WINDOW.from}`, 'query.from'],
      [`metric=chats&attendantId=&${window}`, 'query.attendantId'],
      ['metric=chats&color=blue', 'query'],
      // 1416 hours: past the 1000 points an answer may hold.
      ['metric=chats&interval=hour&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z', 'query.to'],
    ]) {
      const res = await app.request('GET', `/api/v1/metrics/series?${query}`, { token });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.message).toContain(field);
      expect(res.body.error.details[0].path).toBe(field);
    }
  });

  test('at most 1000 points: exactly 1000 hours is fine', async () => {
    const body = await series('metric=chats&interval=hour&from=2026-01-01T00:00:00Z&to=2026-02-11T16:00:00Z');
    expect(body.points).toHaveLength(1000);
  });

  test('chats per hour: every hour of the window, empty ones as 0', async () => {
    const body = await series(`metric=chats&interval=hour&${window}`);
    expect(body).toMatchObject({ metric: 'chats', interval: 'hour', ...WINDOW, timeZone: 'America/Sao_Paulo' });
    expect(body.points).toHaveLength(24);
    expect(body.points[0]).toEqual({ t: '2026-01-01T00:00:00.000Z', value: 0, count: 0 });
    expect(body.points[23]!.t).toBe('2026-01-01T23:00:00.000Z');
    expect(busyHours(body.points)).toEqual([
      ['10', 1, 1],
      ['11', 1, 1],
      ['12', 1, 1],
      ['13', 1, 1],
      ['14', 1, 1],
    ]);
  });

  test("days are the company's: midnight in São Paulo, 03:00 UTC", async () => {
    const body = await series('metric=chats&interval=day&from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z');
    // The chat at 02:00 UTC on Jan 2 is 23:00 on Jan 1 in São Paulo: Jan 1 has six.
    expect(body.points).toEqual([
      { t: '2025-12-31T03:00:00.000Z', value: 0, count: 0 },
      { t: '2026-01-01T03:00:00.000Z', value: 6, count: 6 },
      { t: '2026-01-02T03:00:00.000Z', value: 0, count: 0 },
    ]);
  });

  test('first response: mean seconds of the chats started in the bucket', async () => {
    const hourly = await series(`metric=firstResponse&interval=hour&${window}`);
    expect(busyHours(hourly.points)).toEqual([
      ['10', 10, 1],
      ['11', 20, 1],
      ['12', 5, 1],
      ['14', 2, 1],
    ]);
    // c4 (13:00) was never answered: no value, not zero.
    expect(hourly.points[13]).toEqual({ t: '2026-01-01T13:00:00.000Z', value: null, count: 0 });
    const daily = await series(`metric=firstResponse&${window}`);
    expect(daily.points.map((p) => [p.value, p.count])).toEqual([
      [null, 0],
      [9.3, 4],
    ]);
  });

  test('resolution and CSAT: by the time the chat closed', async () => {
    const resolution = await series(`metric=resolution&interval=hour&${window}`);
    // c1 closed at 10:30 after 30 min, c2 at 13:00 after 2 h; the cancelled c4 is not a resolution.
    expect(busyHours(resolution.points)).toEqual([
      ['10', 1800, 1],
      ['13', 7200, 1],
    ]);
    const csat = await series(`metric=csat&${window}`);
    expect(csat.points.map((p) => [p.value, p.count])).toEqual([
      [null, 0],
      [3.5, 2],
    ]);
  });

  test('slaMet: the share of handed-off chats answered within their SLA', async () => {
    const hourly = await series(`metric=slaMet&interval=hour&${window}`);
    // c2 (normal, 30 min): met; c3 (urgent, never answered) and c6 (high, 20 min > 15): breached.
    expect(busyHours(hourly.points)).toEqual([
      ['11', 1, 1],
      ['12', 0, 1],
      ['14', 0, 1],
    ]);
    const daily = await series(`metric=slaMet&${window}`);
    expect(daily.points[1]).toMatchObject({ value: 0.3333, count: 3 });
  });

  test('filters by channel, department and attendant', async () => {
    const total = async (query: string) => (await series(`metric=chats&${window}&${query}`)).points[1]!.value;
    expect(await total(`channelId=${ids.a}`)).toBe(2);
    expect(await total(`channelId=${ids.b}`)).toBe(3);
    expect(await total('department=vendas')).toBe(1);
    expect(await total(`attendantId=${ids.x}`)).toBe(2);
    expect(await total('attendantId=nobody')).toBe(0);
    const sla = await series(`metric=slaMet&${window}&attendantId=${ids.x}`);
    expect(sla.points[1]).toMatchObject({ value: 0.5, count: 2 });
  });

  test('defaults: the last 30 days, by day', async () => {
    const body = await series('metric=chats');
    expect(body.interval).toBe('day');
    expect(new Date(body.to).getTime() - new Date(body.from).getTime()).toBe(30 * 24 * 3600 * 1000);
    expect(body.points.length).toBeGreaterThanOrEqual(30);
    expect(body.points.length).toBeLessThanOrEqual(31);
  });
});

test('a day with a DST change is 23 hours long', () => {
  const starts = bucketStarts(
    new Date('2026-03-07T12:00:00Z'),
    new Date('2026-03-10T00:00:00Z'),
    'day',
    'America/New_York',
  );
  expect(starts?.map((t) => new Date(t).toISOString())).toEqual([
    '2026-03-07T05:00:00.000Z',
    '2026-03-08T05:00:00.000Z',
    '2026-03-09T04:00:00.000Z',
  ]);
});

test('PostgreSQL gives the same series', async () => {
  const postgres = await startPostgres();
  const db = createDb(postgres.url);
  try {
    await migrateDatabase(postgres.url);
    const pgIds = await seed(db);
    const queries: Array<[SeriesQuery, SeriesQuery]> = [];
    for (const metric of ['chats', 'firstResponse', 'resolution', 'csat', 'slaMet'] as const) {
      for (const interval of ['hour', 'day'] as const) {
        const q = { metric, interval, from: WINDOW.from, to: '2026-01-03T00:00:00Z' };
        queries.push([q, q]);
      }
    }
    queries.push([
      { metric: 'slaMet', interval: 'day', ...WINDOW, attendantId: pgIds.x },
      { metric: 'slaMet', interval: 'day', ...WINDOW, attendantId: ids.x },
    ]);
    for (const [onPg, onSqlite] of queries) {
      const expected = await metricSeries(app.db, onSqlite, 'America/Sao_Paulo', NOW);
      expect(await metricSeries(db, onPg, 'America/Sao_Paulo', NOW)).toEqual(expected);
    }
  } finally {
    await db.$disconnect();
    await postgres.stop();
  }
}, 120_000);
