import { ApiApp } from '../helpers/apiApp';

// SLA policies' outcome in the figures: % met per attendant and department
// (GET /api/v1/metrics), the slaMet series, and the CSV's column.
const app = new ApiApp();
let token: string;
let ana: string;
let bia: string;
const day = '2026-11-10';
const at = (hh: string) => new Date(`${day}T${hh}:00:00.000Z`);
beforeAll(async () => {
  await app.start();
  ({ token } = await app.as('supervisor'));
  ana = (await app.as('attendant')).id;
  bia = (await app.as('attendant')).id;
  const sla = (met: boolean | null) => ({
    sla: JSON.stringify({ policy: 'Padrão', breaches: met === false ? [{ target: 'firstResponse' }] : [] }),
    slaMet: met,
  });
  await app.seedChats({
    p1: {
      ...sla(true),
      attendantId: ana,
      department: 'vendas',
      protocol: '1',
      startedAt: at('10'),
      status: 'resolved',
    },
    p2: {
      ...sla(true),
      attendantId: ana,
      department: 'vendas',
      protocol: '2',
      startedAt: at('10'),
      status: 'resolved',
    },
    p3: { ...sla(false), attendantId: ana, department: 'suporte', protocol: '3', startedAt: at('11') },
    p4: { ...sla(false), attendantId: bia, department: 'suporte', protocol: '4', startedAt: at('11') },
    // Open within its targets: undecided, left out.
    p5: { ...sla(null), attendantId: bia, department: 'suporte', protocol: '5', startedAt: at('11') },
  });
});
afterAll(() => app.stop());

const window = `from=${day}T00:00:00.000Z&to=${day}T23:00:00.000Z`;

test('GET /api/v1/metrics: share met in all, per attendant and per department', async () => {
  const res = await app.request('GET', `/api/v1/metrics?${window}`, { token });
  expect(res.status).toBe(200);
  const { policies } = res.body.sla;
  expect(policies).toMatchObject({ met: 2, breached: 2, rate: 0.5 });
  const byAttendant = Object.fromEntries(
    policies.byAttendant.map((a: { attendantId: string; rate: number }) => [a.attendantId, a.rate]),
  );
  expect(byAttendant).toEqual({ [ana]: 2 / 3, [bia]: 0 });
  const byDepartment = Object.fromEntries(
    policies.byDepartment.map((d: { department: string; rate: number }) => [d.department, d.rate]),
  );
  expect(byDepartment).toEqual({ vendas: 1, suporte: 0 });
});

test('the slaMet series counts chats under a policy by their outcome', async () => {
  const res = await app.request('GET', `/api/v1/metrics/series?metric=slaMet&interval=hour&${window}`, { token });
  expect(res.status).toBe(200);
  const busy = res.body.points
    .filter((p: { count: number }) => p.count > 0)
    .map((p: { t: string; value: number; count: number }) => [p.t.slice(11, 13), p.value, p.count]);
  expect(busy).toEqual([
    ['10', 1, 2],
    ['11', 0, 2],
  ]);
});

test('the CSV says sim / não / nothing from the policy outcome', async () => {
  const res = await fetch(`${app.url}/api/v1/reports/chats.csv?${window}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const lines = (await res.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const slaOf = (protocol: string) =>
    lines
      .find((l) => l.startsWith(`${protocol},`))!
      .split(',')
      .at(-1);
  expect(slaOf('1')).toBe('sim');
  expect(slaOf('3')).toBe('não');
  expect(slaOf('5')).toBe('');
});
