import { parse as parseCsv } from 'csv-parse/sync';
import { REPORT_COLUMNS, REPORT_PAGE_SIZE } from '../../src/metrics/chatReport';
import { ApiApp } from '../helpers/apiApp';
import { seedMetricsDataset, WINDOW } from '../helpers/metricsDataset';

// GET /api/v1/reports/chats.csv: the hand-computed data set of
// tests/helpers/metricsDataset.ts as CSV rows, awkward tag names quoted,
// and a few thousand chats read page by page.

const app = new ApiApp();

beforeAll(async () => {
  await app.start();
  await seedMetricsDataset(app.db);
  await app.db.chat.update({ where: { id: 'c1' }, data: { rating: 5, protocol: '20260101-000001' } });
  await app.db.chat.update({ where: { id: 'c2' }, data: { rating: 2, department: 'suporte' } });
  // A label whose name holds a comma, a quote and a line break, and one with accents, on c3.
  const awkward = await app.db.tag.create({
    data: { name: 'Troca, "urgente"\nligar', nameKey: 'awkward', color: '#00aa00' },
  });
  const accents = await app.db.tag.create({ data: { name: 'Cobrança', nameKey: 'cobranca', color: '#00aa00' } });
  // A department that would be a formula in Excel, on c4.
  await app.db.chat.update({ where: { id: 'c4' }, data: { department: '=HYPERLINK("http://x.invalid")' } });
  for (const tagId of [awkward.id, accents.id]) {
    await app.db.chatTag.create({ data: { chatId: 'c3', tagId, addedBy: 'system' } });
  }
});
afterAll(() => app.stop());

async function report(query: string, role: 'supervisor' | 'admin' | 'attendant' = 'supervisor') {
  const { token } = await app.as(role);
  const res = await fetch(`${app.url}/api/v1/reports/chats.csv?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

const rowsOf = (bytes: Buffer) => parseCsv(bytes.subarray(3).toString('utf8')) as string[][];

test('requires authentication; attendants may not read it', async () => {
  await app.expectAuthRequired('GET', '/api/v1/reports/chats.csv');
  const { res } = await report(`from=${WINDOW.from}&to=${WINDOW.to}`, 'attendant');
  expect(res.status).toBe(403);
});

test('bad dates are a 400 naming the field', async () => {
  for (const [query, field] of [
    ['from=yesterday', 'query.from'],
    ['to=2026-13-01', 'query.to'],
    [`from=${WINDOW.to}&to=${WINDOW.from}`, 'query.from'],
    ['format=xlsx', 'query'],
  ] as Array<[string, string]>) {
    const { res, bytes } = await report(query);
    expect(res.status).toBe(400);
    const body = JSON.parse(bytes.toString('utf8'));
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain(field);
  }
});

test('one row per chat of the window under a header, UTF-8 with a BOM', async () => {
  const { res, bytes } = await report(`from=${WINDOW.from}&to=${WINDOW.to}`, 'admin');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="atendimentos-2026-01-01-2026-01-02.csv"');
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain('\r\n');
  const [header, ...rows] = rowsOf(bytes);
  expect(header).toEqual([...REPORT_COLUMNS]);
  const byId = Object.fromEntries(REPORT_COLUMNS.map((c, i) => [c, i]));
  const cell = (row: string[], column: (typeof REPORT_COLUMNS)[number]) => row[byId[column]!];
  // c5 is before the window; the rest oldest first.
  expect(rows.map((r) => cell(r, 'inicio'))).toEqual([
    '2026-01-01T10:00:00.000Z',
    '2026-01-01T11:00:00.000Z',
    '2026-01-01T12:00:00.000Z',
    '2026-01-01T13:00:00.000Z',
    '2026-01-01T14:00:00.000Z',
  ]);
  const [c1, c2, c3, c4, c6] = rows as [string[], string[], string[], string[], string[]];
  expect(c1).toEqual([
    '20260101-000001',
    '2026-01-01T10:00:00.000Z',
    'resolved',
    'Site',
    '',
    '',
    '',
    'Segunda via',
    '10',
    '1800',
    '5',
    '',
  ]);
  expect(c2).toEqual([
    '',
    '2026-01-01T11:00:00.000Z',
    'resolved',
    'Site',
    'suporte',
    'Xavier',
    'VIP',
    'Segunda via',
    '20',
    '7200',
    '2',
    'sim',
  ]);
  // The awkward label comes back whole (quoted in the file), labels sorted and joined by "; ".
  expect(cell(c3, 'etiquetas')).toBe('Cobrança; Troca, "urgente"\nligar; VIP');
  expect(bytes.toString('utf8')).toContain('"Cobrança; Troca, ""urgente""\nligar; VIP"');
  expect([cell(c3, 'sla_cumprido'), cell(c3, 'resolucao_segundos'), cell(c3, 'canal')]).toEqual(['não', '', 'Bot']);
  expect([cell(c4, 'situacao'), cell(c4, 'etiquetas'), cell(c4, 'primeira_resposta_segundos')]).toEqual([
    'cancelled',
    'Antigo',
    '',
  ]);
  // Shown as text, never run as a formula.
  expect(cell(c4, 'departamento')).toBe('\'=HYPERLINK("http://x.invalid")');
  expect([cell(c6, 'departamento'), cell(c6, 'atendente'), cell(c6, 'sla_cumprido')]).toEqual([
    'vendas',
    'Xavier',
    'não',
  ]);
});

test('an empty window is the header alone', async () => {
  const { res, bytes } = await report('from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z');
  expect(res.status).toBe(200);
  expect(rowsOf(bytes)).toEqual([[...REPORT_COLUMNS]]);
});

test('thousands of chats come whole, page by page, ties on the start time kept apart', async () => {
  const channel = await app.db.channel.create({ data: { type: 'api', name: 'Carga' } });
  const contact = await app.db.contact.findFirstOrThrow();
  const total = REPORT_PAGE_SIZE * 4 + 37;
  // Pairs of chats share a start time, so the pages must order by (startedAt, id) to lose none.
  await app.db.chat.createMany({
    data: Array.from({ length: total }, (_, i) => ({
      id: `load-${String(i).padStart(5, '0')}`,
      workflowId: `load-${i}`,
      externalChatId: `load-${i}`,
      contactId: contact.id,
      channelId: channel.id,
      status: 'waiting',
      startedAt: new Date(Date.UTC(2026, 5, 1) + Math.floor(i / 2) * 1000),
    })),
  });
  const { res, bytes } = await report('from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z');
  expect(res.status).toBe(200);
  const [, ...rows] = rowsOf(bytes);
  expect(rows).toHaveLength(total);
  // Every start time twice (the last once): no row lost or repeated at a page's edge.
  const perStart = new Map<string, number>();
  for (const r of rows) perStart.set(r[1]!, (perStart.get(r[1]!) ?? 0) + 1);
  expect([...perStart.values()].filter((n) => n !== 2)).toEqual([1]);
  expect(rows.every((r) => r[3] === 'Carga')).toBe(true);
  const starts = rows.map((r) => r[1]!);
  expect([...starts].sort()).toEqual(starts);
}, 60_000);
