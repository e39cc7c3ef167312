import fs from 'node:fs';
import { AUDIT_ACTIONS } from '../../src/audit/actions';
import { shot, signIn } from '../helpers/browser';
import { ADMIN } from '../helpers/stack';
import { useConsoleStack } from '../helpers/consoleStack';
import { waitFor } from '../helpers/wait';

/**
 * "Auditoria" in real Chromium against `npm start`'s own process: an admin
 * sees who changed what, filters by action and by person, loads more, and
 * downloads the same filters as CSV. A supervisor has no such screen.
 */
const PAULA = { name: 'Paula Reis', email: 'paula@example.com', password: 'paula-strong-password-7' };
const ui = useConsoleStack();
const stack = ui.stack;

beforeAll(async () => {
  const paula = await stack.request('POST', '/api/v1/attendants', {
    token: ui.admin,
    body: { ...PAULA, role: 'supervisor' },
  });
  expect(paula.status).toBe(201);
  // More tags than a page holds (50): "Carregar mais" brings the rest.
  for (let i = 1; i <= 55; i++) {
    const res = await stack.request('POST', '/api/v1/tags', { token: ui.admin, body: { name: `Etiqueta ${i}` } });
    expect(res.status).toBe(201);
  }
  await stack.request('POST', '/api/v1/auth/login', { body: { ...PAULA, password: 'not-her-password-1' } });
}, 180_000);

test('an admin reads the audit log: filters, load more, CSV', async () => {
  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  await signIn(page, stack.baseUrl, ADMIN);
  await page.getByRole('button', { name: 'Administração' }).click();
  await page.getByRole('button', { name: 'Auditoria', exact: true }).click();
  const table = page.getByRole('table', { name: 'Auditoria' });
  // Newest first: the admin's own sign-in to this console.
  await table.getByRole('row').nth(1).getByText('entrou').waitFor();
  await table.getByText('tentativa de entrada falhou').waitFor();
  await table.getByText('{"email":"paula@example.com"}').waitFor();
  await shot(page, 'audit-log');
  // Every action the log records has its name in Portuguese (none shown as its code, "tag.created").
  const labels = await page.getByLabel('Ação', { exact: true }).locator('option').allTextContents();
  expect(labels).toHaveLength(AUDIT_ACTIONS.length + 1); // and "any"
  expect(labels.filter((l) => /^[a-z_]+\.[a-z_0-9]+$/.test(l))).toEqual([]);

  // The target in words: the person's name, not their id.
  await page.getByLabel('Ação', { exact: true }).selectOption({ label: 'atendente criado' });
  await table.getByRole('row').filter({ hasText: 'atendente criado' }).getByText('atendente Paula Reis').waitFor();

  // Only tags created: a page of 50, then the 5 more.
  await page.getByLabel('Ação', { exact: true }).selectOption({ label: 'etiqueta criada' });
  const rows = table.locator('tbody tr');
  await waitFor(
    () => rows.count(),
    (n) => n === 50,
  );
  expect(await rows.filter({ hasNotText: 'etiqueta criada' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Carregar mais: Auditoria' }).click();
  await waitFor(
    () => rows.count(),
    (n) => n === 55,
  );
  await expect(page.getByRole('button', { name: 'Carregar mais: Auditoria' }).count()).resolves.toBe(0);

  // And by a person: Paula created none.
  await page.getByLabel('Quem', { exact: true }).selectOption({ label: 'Paula Reis' });
  await page.getByText('Nenhuma entrada com esses filtros.').waitFor();

  // The CSV holds what the filters show: the admin's 55 tags.
  await page.getByLabel('Quem', { exact: true }).selectOption({ label: 'Admin' });
  await waitFor(
    () => rows.count(),
    (n) => n === 50,
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Baixar CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^auditoria-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = fs.readFileSync(await download.path());
  const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
  expect(lines[0]).toBe('quando,ator_tipo,ator_id,ator_nome,acao,alvo_tipo,alvo_id,detalhes,ip');
  expect(lines).toHaveLength(56);
  expect(lines.slice(1).every((l) => l.includes(',tag.created,'))).toBe(true);
  await page.close();
}, 120_000);

test('a supervisor has no audit screen, and the API refuses them', async () => {
  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, stack.baseUrl, PAULA);
  await page.getByRole('button', { name: 'Administração' }).click();
  await page.getByRole('button', { name: 'Base de conhecimento' }).waitFor();
  expect(await page.getByRole('button', { name: 'Auditoria', exact: true }).count()).toBe(0);
  const token = (await stack.request('POST', '/api/v1/auth/login', { body: PAULA })).body.accessToken as string;
  expect((await stack.request('GET', '/api/v1/audit', { token })).status).toBe(403);
  await page.close();
}, 60_000);
