import { Client, Connection } from '@temporalio/client';
import type { Page } from 'playwright-core';
import { signIn as signInAs, shot } from '../helpers/browser';
import { ADMIN } from '../helpers/stack';
import { useConsoleStack } from '../helpers/consoleStack';
import { waitFor } from '../helpers/wait';

/**
 * Retention in real Chromium against `npm start`'s own process: the product
 * made its daily schedule at start; an admin sees a 400 naming the field for
 * zero days (nothing saved), saves the numbers, simulates a run, and starts
 * one. Screenshots go to test-output/screenshots.
 */
const ui = useConsoleStack();
const stack = ui.stack;

const signIn = (page: Page, person: { email: string; password: string }) => signInAs(page, stack.baseUrl, person);

test('npm start made the retention schedule', async () => {
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const client = new Client({ connection });
    const ids: string[] = [];
    for await (const s of client.schedule.list()) ids.push(s.scheduleId);
    expect(ids).toContain('atende-retention');
  } finally {
    await connection.close();
  }
}, 60_000);

test('an admin sets retention, simulates a run and starts one', async () => {
  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('dialog', (dialog) => void dialog.accept());
  await signIn(page, ADMIN);
  await page.getByRole('button', { name: 'Administração' }).click();
  await page.getByRole('button', { name: 'Retenção de dados' }).click();
  const form = page.getByRole('form', { name: 'Retenção de dados' });

  // Zero days: the API's 400 names the field, and nothing is saved.
  await form.getByLabel('Conteúdo de atendimentos encerrados (dias)').fill('0');
  await form.getByRole('button', { name: 'Salvar' }).click();
  await form.getByRole('alert').filter({ hasText: 'body.closedChatsDays' }).waitFor();
  expect((await stack.request('GET', '/api/v1/retention', { token: ui.admin })).body.closedChatsDays).toBeNull();

  await form.getByLabel('Conteúdo de atendimentos encerrados (dias)').fill('365');
  await form.getByLabel('Registro de auditoria (dias)').fill('1825');
  await form.getByRole('button', { name: 'Salvar' }).click();
  await form.getByText('Salvo.').waitFor();
  expect((await stack.request('GET', '/api/v1/retention', { token: ui.admin })).body).toEqual({
    closedChatsDays: 365,
    mediaDays: null,
    auditDays: 1825,
    channels: {},
  });

  await page.getByRole('button', { name: 'Simular (sem remover)' }).click();
  const table = page.getByRole('table', { name: 'Seria removido agora' });
  await table.waitFor();
  expect(await table.getByRole('row', { name: /Atendimentos encerrados/ }).textContent()).toContain('0');
  await shot(page, 'retention');

  await page.getByRole('button', { name: 'Executar agora' }).click();
  await page.getByText('Execução iniciada').waitFor();
  // The run finishes on the product's own worker.
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const handle = new Client({ connection }).workflow.getHandle('retention-manual');
    await waitFor(
      async () => (await handle.describe()).status.name,
      (s) => s === 'COMPLETED',
    );
  } finally {
    await connection.close();
  }
  await page.close();
}, 120_000);
