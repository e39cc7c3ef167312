import { migrateDatabase } from '../../src/db/migrate';
import { createDb } from '../../src/db/client';
import { chatMetrics } from '../../src/metrics/chatMetrics';
import { ApiApp } from '../helpers/apiApp';
import { NOW, seedMetricsDataset, WINDOW } from '../helpers/metricsDataset';
import { startPostgres } from '../helpers/postgres';

// The supervisors' figures against a data set computed by hand
// (tests/helpers/metricsDataset.ts), on SQLite through the route and on
// PostgreSQL directly: the durations and percentiles are SQL of each dialect.

const app = new ApiApp();
let seeded: Awaited<ReturnType<typeof seedMetricsDataset>>;

beforeAll(async () => {
  await app.start();
  seeded = await seedMetricsDataset(app.db);
});
afterAll(() => app.stop());

function expected(ids: { a: string; b: string; x: string; vip: string; reason: string; old: string }) {
  return {
    window: WINDOW,
    totals: { chats: 5, open: 2, closed: 3, messages: 7 },
    byStatus: {
      waiting: 0,
      in_progress: 0,
      waiting_customer: 0,
      on_hold: 0,
      transferred: 1,
      waiting_attendant: 1,
      resolved: 2,
      cancelled: 1,
    },
    byChannel: [
      { channelId: ids.b, name: 'Bot', type: 'telegram', chats: 3 },
      { channelId: ids.a, name: 'Site', type: 'api', chats: 2 },
    ],
    // Most used first; c5 (VIP) is before the window; an archived tag still counts in its period.
    byTag: [
      { id: ids.reason, name: 'Segunda via', color: '#aa0000', kind: 'reason', archived: false, chats: 2 },
      { id: ids.vip, name: 'VIP', color: '#aa0000', kind: 'label', archived: false, chats: 2 },
      { id: ids.old, name: 'Antigo', color: '#aa0000', kind: 'label', archived: true, chats: 1 },
    ],
    // c1 only: c2 had a person.
    botContainment: { resolved: 2, resolvedByBot: 1, rate: 0.5 },
    // 2, 5, 10, 20 s: nearest rank p50 is the 2nd, p90 the 4th.
    firstResponseSeconds: { count: 4, avg: 9.3, p50: 5, p90: 20 },
    resolutionSeconds: { count: 2, avg: 4500, p50: 1800, p90: 7200 },
    queue: { length: 1, oldestWaitingSince: '2026-01-01T12:00:30.000Z', oldestWaitingSeconds: 43_170 },
    attendants: expect.arrayContaining([
      { id: ids.x, name: 'Xavier', department: 'vendas', available: false, maxConcurrent: 5, activeChats: 1 },
    ]),
    // c3 (urgent, unanswered 12 h) and c6 (high, 20 min > 15); c2 (normal, 30 min) is within.
    sla: {
      firstHumanReplySeconds: { urgent: 300, high: 900, normal: 3600, low: 14_400 },
      breaches: 2,
      // No chat of the data set runs under an SLA policy (tests/api/slaMetrics.test.ts has them).
      policies: { met: 0, breached: 0, rate: null, byAttendant: [], byDepartment: [] },
    },
    // No chat of the data set was rated (see the satisfaction survey test below).
    csat: NO_RATINGS,
  };
}

const NO_RATINGS = {
  rated: 0,
  average: null,
  satisfiedRate: null,
  byAttendant: [],
  byDepartment: [],
  byChannel: [],
  byTag: [],
};

/**
 * Rates three chats of the window: 5 and 4 on the two first started, 1 on the
 * last. Returns the figures expected of them, per attendant, department,
 * channel and tag, worked out from those three rows.
 */
async function rateChats(db: ReturnType<typeof createDb>) {
  const chats = await db.chat.findMany({
    where: { startedAt: { gte: new Date(WINDOW.from), lt: new Date(WINDOW.to) } },
    orderBy: { startedAt: 'asc' },
    include: { chatTags: true },
  });
  const rated = [
    { ...chats[0]!, rating: 5 },
    { ...chats[1]!, rating: 4 },
    { ...chats.at(-1)!, rating: 1 },
  ];
  for (const c of rated) await db.chat.update({ where: { id: c.id }, data: { rating: c.rating } });
  return rated;
}

async function unrate(db: ReturnType<typeof createDb>) {
  await db.chat.updateMany({ data: { rating: null } });
}

function csatCheck(
  figures: Awaited<ReturnType<typeof chatMetrics>>['csat'],
  rated: Awaited<ReturnType<typeof rateChats>>,
) {
  expect(figures).toMatchObject({ rated: 3, average: 3.3, satisfiedRate: 0.667 });
  const ofAttendant = (id: string | null) => rated.filter((c) => c.attendantId === id).map((c) => c.rating);
  for (const row of figures.byAttendant) {
    const ratings = ofAttendant(row.attendantId);
    expect(row.rated).toBe(ratings.length);
    expect(row.satisfiedRate).toBe(Math.round((ratings.filter((r) => r >= 4).length / ratings.length) * 1000) / 1000);
  }
  expect(figures.byAttendant.reduce((n, r) => n + r.rated, 0)).toBe(3);
  expect(figures.byDepartment.reduce((n, r) => n + r.rated, 0)).toBe(3);
  expect(figures.byChannel.reduce((n, r) => n + r.rated, 0)).toBe(3);
  const tagged = rated.flatMap((c) => c.chatTags.map((t) => ({ tagId: t.tagId, rating: c.rating })));
  expect(figures.byTag.reduce((n, r) => n + r.rated, 0)).toBe(tagged.length);
  for (const row of figures.byTag) {
    const ratings = tagged.filter((t) => t.tagId === row.tagId).map((t) => t.rating);
    expect(row.average).toBe(Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 10) / 10);
  }
}

describe('GET /api/v1/metrics', () => {
  test('requires authentication', () => app.expectAuthRequired('GET', '/api/v1/metrics'));

  test('attendants may not read it (403)', async () => {
    const { token } = await app.as('attendant');
    expect((await app.request('GET', '/api/v1/metrics', { token })).status).toBe(403);
  });

  test('a bad filter is a 400 naming it', async () => {
    const { token } = await app.as('supervisor');
    for (const [query, field] of [
      ['from=yesterday', 'query.from'],
      [`from=${WINDOW.to}&to=${WINDOW.from}`, 'query.from'],
      ['color=blue', 'query'],
    ]) {
      const res = await app.request('GET', `/api/v1/metrics?${query}`, { token });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(field);
    }
  });

  test('the figures of the hand-computed data set', async () => {
    const { token } = await app.as('supervisor');
    const res = await app.request('GET', `/api/v1/metrics?from=${WINDOW.from}&to=${WINDOW.to}`, { token });
    expect(res.status).toBe(200);
    // Only the live figures depend on the clock: checked exactly below, at a fixed now.
    expect(res.body).toMatchObject({ ...expected(seeded), queue: expect.anything(), sla: expect.anything() });
    expect(await chatMetrics(app.db, WINDOW, NOW)).toEqual(expected(seeded));
  });

  test('filters by channel and by department', async () => {
    const byChannel = await chatMetrics(app.db, { ...WINDOW, channelId: seeded.a }, NOW);
    expect(byChannel.totals).toEqual({ chats: 2, open: 0, closed: 2, messages: 3 });
    expect(byChannel.queue.length).toBe(0);
    const sales = await chatMetrics(app.db, { ...WINDOW, department: 'vendas' }, NOW);
    expect(sales.totals).toEqual({ chats: 1, open: 1, closed: 0, messages: 2 });
    expect(sales.sla.breaches).toBe(1);
    expect(sales.byTag).toEqual([]);
    expect(byChannel.byTag.map((t) => [t.name, t.chats])).toEqual([
      ['Segunda via', 2],
      ['VIP', 1],
    ]);
  });

  test('the satisfaction survey: average rating and share of 4–5, overall and per group', async () => {
    const { token } = await app.as('supervisor');
    const rated = await rateChats(app.db);
    try {
      const res = await app.request('GET', `/api/v1/metrics?from=${WINDOW.from}&to=${WINDOW.to}`, { token });
      expect(res.status).toBe(200);
      csatCheck(res.body.csat, rated);
      // Filtered to one channel: only its rated chats.
      const one = rated[2]!.channelId;
      const byChannel = await chatMetrics(app.db, { ...WINDOW, channelId: one }, NOW);
      expect(byChannel.csat.rated).toBe(rated.filter((c) => c.channelId === one).length);
    } finally {
      await unrate(app.db);
    }
  });
});

test('PostgreSQL gives the same figures', async () => {
  const postgres = await startPostgres();
  const db = createDb(postgres.url);
  try {
    await migrateDatabase(postgres.url);
    const ids = await seedMetricsDataset(db);
    expect(await chatMetrics(db, WINDOW, NOW)).toEqual(expected(ids));
    const rated = await rateChats(db);
    csatCheck((await chatMetrics(db, WINDOW, NOW)).csat, rated);
  } finally {
    await db.$disconnect();
    await postgres.stop();
  }
}, 120_000);

describe('GET /metrics (Prometheus)', () => {
  test('serves request latency, webhook counts and the queue length in the text format', async () => {
    await app.request('POST', '/webhooks/telegram/no-such-channel', { raw: '{}' });
    const res = await fetch(`${app.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^atende_queue_length 1$/m);
    expect(text).toMatch(/^atende_inbox_events 0$/m);
    expect(text).toMatch(/^atende_webhook_requests_total\{channel_type="telegram",status="404"\} [1-9]/m);
    expect(text).toMatch(
      /^atende_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/metrics",status="200"\} [1-9]/m,
    );
    // Route patterns, never raw paths: ids stay out of the label set.
    expect(text).not.toContain('no-such-channel');
  });

  test('with METRICS_TOKEN set it needs that bearer token', async () => {
    const guarded = new ApiApp(undefined, { metricsToken: 'prometheus-scrape-token' });
    await guarded.start();
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      const ok = await fetch(`${guarded.url}/metrics`, {
        headers: { authorization: 'Bearer prometheus-scrape-token' },
      });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.stop();
    }
  });
});
