import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { signIn as signInAs, shot } from '../helpers/browser';
import { ADMIN } from '../helpers/stack';
import { useConsoleStack } from '../helpers/consoleStack';
import { waitFor } from '../helpers/wait';

/**
 * The admin's editors for what was REST-only, in real Chromium against
 * `npm start`'s own process: the routing rules (a rule naming a tag the
 * catalogue lacks shows the API's 400 at that rule's tags and nothing is
 * saved; the fixed set is saved, and a hand-off is then routed by it) and an
 * attendant's working hours (slots per weekday; overlapping slots show the
 * 400 at their day). Screenshots go to test-output/screenshots.
 */
const SECRET = 'routing-admin-secret-0123456789';
const BRUNO = { name: 'Bruno Lima', email: 'bruno@example.com', password: 'bruno-strong-password-7' };
const ui = useConsoleStack({ channelSecret: SECRET, available: false });
const stack = ui.stack;
let brunoId: string;

beforeAll(async () => {
  const bruno = await stack.request('POST', '/api/v1/attendants', { token: ui.admin, body: BRUNO });
  expect(bruno.status).toBe(201);
  brunoId = bruno.body.id as string;
  const tag = await stack.request('POST', '/api/v1/tags', { token: ui.admin, body: { name: 'VIP', color: '#cc0000' } });
  expect(tag.status).toBe(201);
}, 120_000);

async function adminScreen(section: string): Promise<Page> {
  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await signInAs(page, stack.baseUrl, ADMIN);
  await page.getByRole('button', { name: 'Administração' }).click();
  await page.getByRole('button', { name: section, exact: true }).click();
  return page;
}

const event = (type: string, data: object) => ({ type, timestamp: new Date().toISOString(), data });
async function customerAsksForAPerson(): Promise<void> {
  const conversation = randomUUID();
  await stack.webhook(
    ui.channelId,
    SECRET,
    event('NEW_CONVERSATION', { id: conversation, contact: { name: 'Joana' } }),
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

test('an admin edits the routing rules: a bad tag shows at its rule and saves nothing; the saved rule routes a hand-off', async () => {
  const page = await adminScreen('Roteamento');
  const form = page.getByRole('form', { name: 'Regras de roteamento' });
  await form.getByText('Nenhuma regra').waitFor();

  await form.getByRole('button', { name: 'Adicionar regra' }).click();
  const first = form.getByRole('group', { name: /^Regra 1:/ });
  await first.getByLabel('Intenção').selectOption('human_request');
  await first.getByLabel('Departamento').fill('Financeiro');
  await first.getByLabel('Habilidades (separadas por vírgula)').fill('boleto, pix');
  await first.getByLabel('Prioridade').selectOption({ label: 'alta' });
  await first.getByLabel('Etiquetas (separadas por vírgula)').fill('VIP');

  await form.getByRole('button', { name: 'Adicionar regra' }).click();
  const second = form.getByRole('group', { name: /^Regra 2:/ });
  await second.getByLabel('Intenção').selectOption('billing');
  await second.getByLabel('Etiquetas (separadas por vírgula)').fill('Inexistente');
  await form.getByLabel(/Departamento padrão/).fill('Geral');
  await form.getByRole('button', { name: 'Salvar' }).click();

  // The API's 400 names body.rules.1.tags.0: it shows at rule 2's tags, and nothing is stored.
  const badTags = second.getByLabel('Etiquetas (separadas por vírgula)');
  await page.waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await badTags.elementHandle());
  await second.getByText('no such tag in the catalogue').waitFor();
  expect(await first.getByLabel('Etiquetas (separadas por vírgula)').getAttribute('aria-invalid')).toBeNull();
  await shot(page, 'admin-routing-error');
  expect((await stack.request('GET', '/api/v1/routing', { token: ui.admin })).body).toEqual({ rules: [] });

  // Reorder, then drop the bad rule: the remaining one is saved.
  await form.getByRole('button', { name: 'Subir: Regra 2: billing' }).click();
  await form.getByRole('group', { name: 'Regra 1: billing' }).waitFor();
  await form.getByRole('button', { name: 'Excluir regra: Regra 1: billing' }).click();
  await form.getByRole('button', { name: 'Salvar' }).click();
  await form.getByRole('status').filter({ hasText: 'Regras salvas.' }).waitFor();
  await shot(page, 'admin-routing-saved');
  expect((await stack.request('GET', '/api/v1/routing', { token: ui.admin })).body).toEqual({
    rules: [
      { intent: 'human_request', department: 'Financeiro', skills: ['boleto', 'pix'], priority: 'high', tags: ['VIP'] },
    ],
    defaultDepartment: 'Geral',
  });

  await page.close();

  // Opened again, the editor shows what is stored.
  const again = await adminScreen('Roteamento');
  const stored = again.getByRole('group', { name: 'Regra 1: human_request' });
  expect(await stored.getByLabel('Departamento').inputValue()).toBe('Financeiro');
  expect(await stored.getByLabel('Prioridade').inputValue()).toBe('high');
  expect(await stored.getByLabel('Etiquetas (separadas por vírgula)').inputValue()).toBe('VIP');
  await again.close();

  // A customer asks for a person: the rule raises the priority and tags the chat.
  await customerAsksForAPerson();
  const chats = await waitFor(
    async () => (await stack.request('GET', '/api/v1/chats', { token: ui.admin })).body.items,
    (items: Array<{ tags: string[] }>) => items.length === 1 && items[0]!.tags.length > 0,
  );
  expect(chats[0]).toMatchObject({ priority: 'high', tags: ['VIP'] });
}, 120_000);

test("an admin edits an attendant's working hours; overlapping slots show the 400 at their day", async () => {
  const page = await adminScreen('Atendentes');
  await page.getByRole('button', { name: `Editar: ${BRUNO.name}` }).click();
  const form = page.getByRole('form', { name: `Editar: ${BRUNO.name}` });
  await form.getByText('sempre disponível').waitFor();

  const monday = form.getByRole('group', { name: 'Segunda-feira' });
  await monday.getByRole('button', { name: 'Adicionar faixa: Segunda-feira' }).click();
  await monday.getByLabel('Segunda-feira, faixa 1: Início').fill('08:00');
  await monday.getByLabel('Segunda-feira, faixa 1: Fim').fill('12:00');
  await monday.getByRole('button', { name: 'Adicionar faixa: Segunda-feira' }).click();
  await monday.getByLabel('Segunda-feira, faixa 2: Início').fill('11:00');
  await monday.getByLabel('Segunda-feira, faixa 2: Fim').fill('14:00');
  const friday = form.getByRole('group', { name: 'Sexta-feira' });
  await friday.getByRole('button', { name: 'Adicionar faixa: Sexta-feira' }).click();
  await friday.getByLabel('Sexta-feira, faixa 1: Início').fill('09:30');
  await friday.getByLabel('Sexta-feira, faixa 1: Fim').fill('17:00');
  await form.getByLabel('Fuso horário (IANA)').fill('America/Manaus');
  await form.getByRole('button', { name: 'Salvar' }).click();

  // body.workingHours.mon: the overlap shows at Monday; Friday is fine; nothing is stored.
  await monday.getByText('windows of one day must not overlap').waitFor();
  expect(await monday.getAttribute('aria-invalid')).toBe('true');
  expect(await friday.getAttribute('aria-invalid')).toBeNull();
  await shot(page, 'admin-working-hours-error');
  const before = (await stack.request('GET', `/api/v1/attendants/${brunoId}`, { token: ui.admin })).body;
  expect(before).toMatchObject({ workingHours: {}, timezone: 'America/Sao_Paulo' });

  await monday.getByLabel('Segunda-feira, faixa 2: Início').fill('13:00');
  await monday.getByLabel('Segunda-feira, faixa 2: Fim').fill('18:00');
  await form.getByRole('button', { name: 'Salvar' }).click();
  await page.getByRole('form', { name: 'Novo atendente' }).waitFor();
  await shot(page, 'admin-working-hours-saved');
  const after = (await stack.request('GET', `/api/v1/attendants/${brunoId}`, { token: ui.admin })).body;
  expect(after).toMatchObject({
    timezone: 'America/Manaus',
    workingHours: {
      mon: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
      fri: [{ start: '09:30', end: '17:00' }],
    },
  });
  expect(Object.keys(after.workingHours)).toEqual(['mon', 'fri']);

  // Editing again shows the stored slots; removing Friday's saves the day off.
  await page.getByRole('button', { name: `Editar: ${BRUNO.name}` }).click();
  expect(await monday.getByLabel('Segunda-feira, faixa 2: Início').inputValue()).toBe('13:00');
  await friday.getByRole('button', { name: 'Remover faixa: Sexta-feira, faixa 1' }).click();
  await form.getByRole('button', { name: 'Salvar' }).click();
  await page.getByRole('form', { name: 'Novo atendente' }).waitFor();
  const last = await waitFor(
    async () => (await stack.request('GET', `/api/v1/attendants/${brunoId}`, { token: ui.admin })).body,
    (a: { workingHours: Record<string, unknown> }) => !('fri' in a.workingHours),
  );
  expect(Object.keys(last.workingHours)).toEqual(['mon']);
  await page.close();
}, 120_000);
