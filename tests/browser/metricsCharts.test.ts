import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, signIn as signInAs } from '../helpers/browser';
import { useConsoleStack } from '../helpers/consoleStack';
import { waitFor } from '../helpers/wait';

/**
 * The metrics screen's figures over time in real Chromium against `npm
 * start`'s own process: two customers write, a supervisor sees today's
 * point on the uPlot chart (a canvas drawn in the series' colour), switches
 * figure and interval, and downloads the chats report with "Baixar CSV".
 */
const SECRET = 'series-test-secret-0123456789';
const SOFIA = { name: 'Sofia Lima', email: 'sofia@example.com', password: 'sofia-strong-password-7' };
const ui = useConsoleStack({ channelSecret: SECRET, channelName: 'Site, "principal"' });
const stack = ui.stack;

beforeAll(async () => {
  const res = await stack.request('POST', '/api/v1/attendants', {
    token: ui.admin,
    body: { ...SOFIA, role: 'supervisor' },
  });
  expect(res.status).toBe(201);
}, 120_000);

const event = (type: string, data: object) => ({ type, timestamp: new Date().toISOString(), data });
async function customerWrites(): Promise<void> {
  const conversation = randomUUID();
  const opened = await stack.webhook(
    ui.channelId,
    SECRET,
    event('NEW_CONVERSATION', { id: conversation, contact: { name: 'Joana Cliente' } }),
  );
  expect(opened.status).toBe(202);
  await stack.webhook(
    ui.channelId,
    SECRET,
    event('NEW_MESSAGE', { id: randomUUID(), direction: 'RECEIVED', content: 'olá', conversation_id: conversation }),
  );
}

const signIn = (page: Page, person: { email: string; password: string }) => signInAs(page, stack.baseUrl, person);

/** The little of a canvas read here (the tests compile without the DOM types). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}

/** Pixels of the chart's canvas drawn in the series' stroke colour (#0f766e), i.e. the line itself. */
const linePixels = (page: Page) =>
  page.locator('[data-series-chart] canvas').evaluate((element) => {
    const canvas = element as unknown as Canvas;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i]! - 15) < 8 && Math.abs(data[i + 1]! - 118) < 8 && Math.abs(data[i + 2]! - 110) < 8) n++;
    }
    return n;
  });

test('a supervisor sees chats per day on a chart, switches figure, and downloads the CSV', async () => {
  await customerWrites();
  await customerWrites();
  // The chats are in the database before the screen opens.
  const token = (await stack.request('POST', '/api/v1/auth/login', { body: SOFIA })).body.accessToken as string;
  await waitFor(
    async () => (await stack.request('GET', '/api/v1/metrics/series?metric=chats', { token })).body,
    (s) => s.points.reduce((n: number, p: { count: number }) => n + p.count, 0) === 2,
  );

  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await signIn(page, SOFIA);
  await page.getByRole('button', { name: 'Métricas' }).click();
  const chart = page.locator('[data-series-chart]');
  await chart.locator('canvas').waitFor();
  expect(await chart.getAttribute('data-series-chart')).toBe('chats');
  await waitFor(
    () => chart.getAttribute('data-points'),
    (n) => n === '2',
  );
  await page.getByText('Ao longo do tempo').waitFor();
  expect(await linePixels(page)).toBeGreaterThan(20);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'metrics-series.png'), fullPage: true });

  // Another figure, by hour: the chart is redrawn for it.
  await page.getByLabel('Indicador').selectOption({ label: 'Chats iniciados' });
  await page.getByLabel('Intervalo').selectOption({ label: 'Por hora (24 horas)' });
  await waitFor(
    () => chart.getAttribute('data-points'),
    (n) => n === '2',
  );
  await page.getByLabel('Indicador').selectOption({ label: 'SLA cumprido (%)' });
  await waitFor(
    () => chart.getAttribute('data-series-chart'),
    (m) => m === 'slaMet',
  );
  await chart.locator('canvas').waitFor();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Baixar CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^atendimentos-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = await download.path();
  const bytes = fs.readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
  expect(lines[0]).toMatch(/^protocolo,inicio,situacao,canal,/);
  expect(lines).toHaveLength(3);
  // The channel's name holds a comma and quotes: quoted and doubled.
  expect(lines[1]).toContain('"Site, ""principal"""');
  await page.close();
}, 120_000);
