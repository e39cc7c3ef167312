import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { signIn as signInAs, shot } from '../helpers/browser';
import { ADMIN } from '../helpers/stack';
import { useConsoleStack } from '../helpers/consoleStack';
import { waitFor } from '../helpers/wait';

/**
 * Tags and contact reasons in real Chromium against `npm start`'s own
 * process: an admin builds the catalogue and requires a reason at resolve
 * on the admin screen; a routing rule tags the handed-off chat; the
 * attendant adds a tag from the chat's header, is told a reason is needed
 * when resolving without one (the chat stays open), then resolves with one,
 * which the chat's detail shows. Screenshots go to test-output/screenshots.
 */
const SECRET = 'tags-test-secret-0123456789';
const ANA = { name: 'Ana Souza', email: 'ana@example.com', password: 'ana-strong-password-7' };
const ui = useConsoleStack({ channelSecret: SECRET, available: false });
const stack = ui.stack;

beforeAll(async () => {
  expect((await stack.request('POST', '/api/v1/attendants', { token: ui.admin, body: ANA })).status).toBe(201);
}, 120_000);

const signIn = (page: Page, person: { email: string; password: string }) => signInAs(page, stack.baseUrl, person);

const event = (type: string, data: object) => ({ type, timestamp: new Date().toISOString(), data });
async function customerAsksForAPerson(): Promise<void> {
  const conversation = randomUUID();
  await stack.webhook(
    ui.channelId,
    SECRET,
    event('NEW_CONVERSATION', { id: conversation, contact: { name: 'Joana Cliente' } }),
  );
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
}

test('an admin builds the tag catalogue and requires a contact reason at resolve', async () => {
  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, ADMIN);
  await page.getByRole('button', { name: 'Administração' }).click();
  await page.getByRole('button', { name: 'Etiquetas e motivos' }).click();

  const form = page.getByRole('form', { name: 'Nova etiqueta' });
  await form.getByLabel('Nome').fill('VIP');
  await form.getByLabel('Cor').fill('#cc0000');
  await form.getByRole('button', { name: 'Salvar' }).click();
  await page.getByRole('cell', { name: 'VIP', exact: true }).waitFor();
  // A name the catalogue has, in another case: the API's 409 is shown.
  await form.getByLabel('Nome').fill('vip');
  await form.getByRole('button', { name: 'Salvar' }).click();
  await form.getByRole('alert').filter({ hasText: 'already exists' }).waitFor();
  await form.getByLabel('Nome').fill('Segunda via');
  await form.getByLabel('Tipo').selectOption({ label: 'Motivo do contato' });
  await form.getByRole('button', { name: 'Salvar' }).click();
  await page.getByRole('cell', { name: 'Segunda via', exact: true }).waitFor();

  const resolution = page.getByRole('form', { name: 'Ao resolver' });
  await resolution.getByLabel('Exigir motivo do contato ao resolver').check();
  await resolution.getByRole('button', { name: 'Salvar' }).click();
  await resolution.getByText('Salvo.').waitFor();
  await shot(page, 'admin-tags');

  const tags = (await stack.request('GET', '/api/v1/tags', { token: ui.admin })).body.items;
  expect(tags.map((t: { name: string; kind: string; color: string }) => [t.name, t.kind, t.color])).toEqual([
    ['Segunda via', 'reason', '#0b6bcb'],
    ['VIP', 'label', '#cc0000'],
  ]);
  expect((await stack.request('GET', '/api/v1/settings/resolution', { token: ui.admin })).body).toEqual({
    requireReason: true,
    departments: {},
  });
  await page.close();
}, 120_000);

test('tags added in the console show on the chat; a resolve needs its reason, then resolves with it', async () => {
  // A routing rule tags what it routes: the chat arrives with "Pedido humano".
  expect(
    (
      await stack.request('POST', '/api/v1/tags', {
        token: ui.admin,
        body: { name: 'Pedido humano', color: '#008800' },
      })
    ).status,
  ).toBe(201);
  const rules = { rules: [{ intent: 'human_request', tags: ['Pedido humano'] }] };
  expect((await stack.request('PUT', '/api/v1/routing', { token: ui.admin, body: rules })).status).toBe(200);

  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, ANA);
  const queue = page.getByRole('region', { name: 'Fila' });
  await queue.getByRole('heading', { name: /Fila/ }).waitFor();
  await customerAsksForAPerson();
  await queue.getByRole('button').first().waitFor({ timeout: 20_000 });
  await queue.getByRole('button').first().click();
  await page.getByRole('button', { name: 'Assumir' }).click();
  await page
    .getByRole('region', { name: 'Meus chats' })
    .getByRole('button', { name: /Joana Cliente/ })
    .waitFor();

  const header = page.locator('.chat-view header');
  await header.locator('.tag-chip', { hasText: 'Pedido humano' }).waitFor();
  await page.getByLabel('Adicionar etiqueta').selectOption({ label: 'VIP' });
  await header.locator('.tag-chip', { hasText: 'VIP' }).waitFor();
  await shot(page, 'chat-tags');

  const chats = (await stack.request('GET', '/api/v1/chats?tag=vip', { token: ui.admin })).body.items;
  expect(chats).toHaveLength(1);
  const chatId = chats[0].id as string;
  const detail = async () => (await stack.request('GET', `/api/v1/chats/${chatId}`, { token: ui.admin })).body;
  expect((await detail()).tags).toEqual(['Pedido humano', 'VIP']);

  // No reason: the server's 409 is shown in words, and the chat stays open.
  await page.getByRole('button', { name: 'Resolver' }).click();
  await page.getByRole('alert').filter({ hasText: 'Escolha o motivo do contato' }).waitFor();
  await shot(page, 'chat-reason-required');
  expect((await detail()).status).toBe('waiting_attendant');

  await page.getByLabel('Motivo do contato').selectOption({ label: 'Segunda via' });
  await page.getByRole('button', { name: 'Resolver' }).click();
  await page.locator('.chat-view header .badge', { hasText: 'resolvido' }).waitFor();
  await header.locator('.tag-chip', { hasText: 'Segunda via' }).waitFor();
  const resolved = await waitFor(detail, (d) => d.reason !== null);
  expect(resolved).toMatchObject({
    status: 'resolved',
    reason: 'Segunda via',
    tags: ['Pedido humano', 'Segunda via', 'VIP'],
  });
  await shot(page, 'chat-resolved-with-reason');
  await page.close();
}, 120_000);
