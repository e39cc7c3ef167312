import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { signIn as signInAs, shot } from '../helpers/browser';
import { ADMIN } from '../helpers/stack';
import { useConsoleStack } from '../helpers/consoleStack';
import { waitFor } from '../helpers/wait';

/**
 * SLA policies in real Chromium against `npm start`'s own process: an admin
 * writes a policy in the editor (a bad duration is a 400 naming the field,
 * nothing saved), a customer asks for a person, and the queue shows the
 * chat's countdown badge; claimed, the chat's header shows it too, and the
 * attendant puts the chat on hold and resumes it. Screenshots go to
 * test-output/screenshots.
 */
const SECRET = 'sla-browser-secret-0123';
// Nobody available: the chat waits in the queue for a claim.
const ui = useConsoleStack({ channelSecret: SECRET, available: false });
const stack = ui.stack;

const signIn = (page: Page, person: { email: string; password: string }) => signInAs(page, stack.baseUrl, person);
const event = (type: string, data: object) => ({ type, timestamp: new Date().toISOString(), data });

test('an admin sets an SLA policy; the queue and the chat show its countdown; hold and resume', async () => {
  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await signIn(page, ADMIN);
  await page.getByRole('button', { name: 'Administração' }).click();
  await page.getByRole('button', { name: 'Políticas de SLA' }).click();
  const form = page.getByRole('form', { name: 'Políticas de SLA' });
  await form.getByRole('button', { name: 'Adicionar política' }).click();
  await form.getByLabel('Nome').fill('Padrão');
  await form.getByLabel('Primeira resposta').fill('-5 minutes');
  await form.getByRole('button', { name: 'Salvar' }).click();
  await form.getByRole('alert').filter({ hasText: 'body.0.targets.firstResponse' }).waitFor();
  expect((await stack.request('GET', '/api/v1/sla-policies', { token: ui.admin })).body).toEqual([]);

  await form.getByLabel('Primeira resposta').fill('2 hours');
  await form.getByLabel('Resolução').fill('1 day');
  await form.getByRole('button', { name: 'Salvar' }).click();
  await form.getByText('Políticas salvas.').waitFor();
  await shot(page, 'sla-policies');
  expect((await stack.request('GET', '/api/v1/sla-policies', { token: ui.admin })).body).toEqual([
    {
      name: 'Padrão',
      match: {},
      targets: { firstResponse: '2 hours', resolution: '1 day' },
      businessHours: false,
      warnAt: 0.8,
    },
  ]);

  const conversation = randomUUID();
  await stack.webhook(ui.channelId, SECRET, event('NEW_CONVERSATION', { id: conversation, contact: { name: 'Rita' } }));
  await stack.webhook(
    ui.channelId,
    SECRET,
    event('NEW_MESSAGE', {
      id: randomUUID(),
      direction: 'RECEIVED',
      content: 'quero falar com um atendente humano',
      conversation_id: conversation,
    }),
  );
  // The policy is attached once the chat is queued; the queue is read again on a live event.
  await waitFor(
    async () => (await stack.request('GET', '/api/v1/queue', { token: ui.admin })).body,
    (q: { items?: { sla: unknown }[] } | { sla: unknown }[]) =>
      (Array.isArray(q) ? q : (q.items ?? [])).some((i) => i.sla !== null),
  );
  await page.getByRole('button', { name: 'Atendimento', exact: true }).click();
  const queue = page.getByRole('region', { name: 'Fila' });
  const badge = queue.getByTestId('sla-badge').first();
  await badge.waitFor({ timeout: 20_000 });
  expect(await badge.textContent()).toMatch(/^Primeira resposta vence em 1 h 5\d min$/);
  await shot(page, 'sla-badge-queue');

  await queue.getByRole('button').first().click();
  await page.getByRole('button', { name: 'Assumir' }).click();
  const header = page.getByRole('region', { name: 'Rita' }).locator('header');
  await header.getByTestId('sla-badge').waitFor();
  expect(await header.getByTestId('sla-badge').textContent()).toMatch(/vence em/);

  const hold = page.getByRole('form', { name: 'Colocar em espera' });
  await hold.getByLabel('Motivo (opcional)').fill('aguardando o financeiro');
  await hold.getByRole('button', { name: 'Colocar em espera' }).click();
  await page.getByTestId('hold-note').waitFor();
  expect(await page.getByTestId('hold-note').textContent()).toBe(
    'Em espera até o cliente escrever · aguardando o financeiro',
  );
  expect(await header.getByTestId('sla-badge').textContent()).toBe('SLA pausado');
  await shot(page, 'sla-on-hold');
  await page.getByRole('button', { name: 'Retomar' }).click();
  await page.getByTestId('hold-note').waitFor({ state: 'detached' });
  expect(await header.getByTestId('sla-badge').textContent()).toMatch(/vence em/);
}, 180_000);
