import type { Page } from 'playwright-core';
import { signIn as signInAs, shot } from '../helpers/browser';
import { ADMIN } from '../helpers/stack';
import { useConsoleStack } from '../helpers/consoleStack';
import { waitFor } from '../helpers/wait';

/**
 * The business calendar and the automatic messages in real Chromium against
 * `npm start`'s own process: an admin sets lunch-split weekday hours, a
 * holiday and Brazil's national holidays on the admin screen, sees a 400
 * naming the field for overlapping slots (nothing saved), saves, and the
 * API reads back what was typed; then rewrites the out-of-hours text and
 * previews it. Screenshots go to test-output/screenshots.
 */
const ui = useConsoleStack();
const stack = ui.stack;

const signIn = (page: Page, person: { email: string; password: string }) => signInAs(page, stack.baseUrl, person);

test('an admin edits the business hours, holidays and national holidays', async () => {
  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await signIn(page, ADMIN);
  await page.getByRole('button', { name: 'Administração' }).click();
  await page.getByRole('button', { name: 'Horário de atendimento' }).click();
  const form = page.getByRole('form', { name: 'Horário de atendimento' });
  await form.getByLabel('Fuso horário').fill('America/Sao_Paulo');

  // Overlapping slots: the API's 400 names the day, and nothing is saved.
  await form.getByLabel('Segunda-feira').fill('08:00-12:00, 11:00-18:00');
  await form.getByRole('button', { name: 'Salvar' }).click();
  await form.getByRole('alert').filter({ hasText: 'body.weekly.mon' }).waitFor();
  expect((await stack.request('GET', '/api/v1/business-hours', { token: ui.admin })).body.weekly).toEqual({});

  const split = '08:00-12:00, 13:00-18:00';
  for (const day of ['Segunda-feira', 'Terça-feira', 'Quarta-feira', 'Quinta-feira', 'Sexta-feira']) {
    await form.getByLabel(day).fill(split);
  }
  await form.getByLabel('Sábado').fill('09:00-13:00');
  await form.getByLabel(/Feriados \(um por linha/).fill('2026-12-24 Véspera de Natal');
  await form.getByLabel('Fechar nos feriados nacionais do Brasil').check();
  await form.getByRole('button', { name: 'Salvar' }).click();
  await form.getByText('Salvo.').waitFor();
  await shot(page, 'business-hours');

  const saved = (await stack.request('GET', '/api/v1/business-hours', { token: ui.admin })).body;
  const slots = [
    { start: '08:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ];
  expect(saved).toEqual({
    timezone: 'America/Sao_Paulo',
    weekly: { mon: slots, tue: slots, wed: slots, thu: slots, fri: slots, sat: [{ start: '09:00', end: '13:00' }] },
    holidays: [{ date: '2026-12-24', name: 'Véspera de Natal' }],
    nationalHolidays: 'BR',
    departments: {},
  });

  // Opened again, the editor shows what was saved.
  await page.getByRole('button', { name: 'Etiquetas e motivos' }).click();
  await page.getByRole('button', { name: 'Horário de atendimento' }).click();
  await waitFor(
    () => form.getByLabel('Terça-feira').inputValue(),
    (v) => v === split,
  );
  expect(await form.getByLabel('Domingo').inputValue()).toBe('');
  expect(await form.getByLabel('Fechar nos feriados nacionais do Brasil').isChecked()).toBe(true);
  await page.close();
}, 120_000);

test('an admin rewrites the out-of-hours message and previews it', async () => {
  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 1400 } });
  await signIn(page, ADMIN);
  await page.getByRole('button', { name: 'Administração' }).click();
  await page.getByRole('button', { name: 'Mensagens automáticas' }).click();
  const form = page.getByRole('form', { name: 'Mensagens automáticas' });
  const text = form.getByRole('textbox', { name: 'Transferência fora do horário', exact: true });

  // An unknown variable: 400 naming the key, nothing saved.
  await text.fill('Voltamos {{abertura}}.');
  await form.getByRole('button', { name: 'Salvar' }).click();
  await form.getByRole('alert').filter({ hasText: 'body.default.pt-BR.handoffOutOfHours' }).waitFor();
  expect((await stack.request('GET', '/api/v1/automatic-messages', { token: ui.admin })).body.default).toEqual({});

  await text.fill('Estamos fechados, {{contact.firstName}}. Voltamos {{nextOpening}}.');
  await form.getByRole('button', { name: 'Pré-visualizar: Transferência fora do horário' }).click();
  const preview = form.getByLabel('Prévia de handoffOutOfHours');
  await waitFor(
    () => preview.textContent(),
    (v) => v?.startsWith('Estamos fechados, Maria. Voltamos ') ?? false,
  );
  await form.getByRole('button', { name: 'Salvar' }).click();
  await form.getByText('Salvo.').waitFor();
  await shot(page, 'automatic-messages');
  const saved = (await stack.request('GET', '/api/v1/automatic-messages', { token: ui.admin })).body;
  expect(saved.default['pt-BR']).toEqual({
    handoffOutOfHours: 'Estamos fechados, {{contact.firstName}}. Voltamos {{nextOpening}}.',
  });
  await page.close();
}, 120_000);
