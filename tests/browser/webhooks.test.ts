import { randomUUID } from 'node:crypto';
import { signBody } from '../../src/channels/signature';
import { shot, signIn } from '../helpers/browser';
import { startCallbackReceiver } from '../helpers/callbackReceiver';
import { useConsoleStack } from '../helpers/consoleStack';
import { ADMIN } from '../helpers/stack';
import { waitFor } from '../helpers/wait';

/**
 * "Webhooks" in real Chromium against `npm start`'s own process: an admin
 * subscribes a local receiver to "chat aberto" with a generated secret; a
 * customer opens a chat; the receiver fails, so the delivery ends failed
 * (a short WEBHOOK_RETRY_WINDOW); the admin sends it again from the
 * deliveries list and the receiver gets it once, signed with that secret.
 * Then pause, edit and delete.
 */
const SECRET = 'webhooks-browser-secret-0123456789';
const ui = useConsoleStack({ channelSecret: SECRET, env: { WEBHOOK_RETRY_WINDOW: '3 seconds' } });
const stack = ui.stack;
let failing = true;
let hooks: Awaited<ReturnType<typeof startCallbackReceiver>>;

beforeAll(async () => {
  hooks = await startCallbackReceiver(() => (failing ? 500 : 200));
});
afterAll(() => hooks?.close());

test('an admin subscribes a URL, sees a failed delivery, sends it again, then pauses, edits and deletes', async () => {
  const page = await ui.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('dialog', (dialog) => void dialog.accept());
  await signIn(page, stack.baseUrl, ADMIN);
  await page.getByRole('button', { name: 'Administração' }).click();
  await page.getByRole('button', { name: 'Webhooks', exact: true }).click();
  await page.getByText('Nenhum webhook ainda.').waitFor();

  // Create: one event type, a generated secret (shown so it can be copied to the receiver).
  const form = page.getByRole('form', { name: 'Novo webhook' });
  await form.getByLabel('URL').fill(hooks.url);
  await form.getByLabel('Todos os eventos').uncheck();
  await form.getByLabel(/chat aberto/).check();
  await form.getByRole('button', { name: 'Gerar segredo' }).click();
  const secret = await form.getByLabel('Segredo de assinatura').inputValue();
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  await form.getByRole('button', { name: 'Salvar' }).click();
  const list = page.getByRole('table', { name: 'Webhooks' });
  const row = list.getByRole('row').filter({ hasText: hooks.url });
  await row.getByText('chat.created').waitFor();
  await row.getByText('ativo').waitFor();
  const [hook] = (await stack.request('GET', '/api/v1/webhooks', { token: ui.admin })).body.items;
  expect(hook.events).toEqual(['chat.created']);

  // A customer opens a chat; the receiver answers 500 until the retry window (3 s) ends.
  const opened = await stack.webhook(ui.channelId, SECRET, {
    type: 'NEW_CONVERSATION',
    timestamp: new Date().toISOString(),
    data: { id: randomUUID(), contact: { name: 'Rita' } },
  });
  expect(opened.status).toBe(202);
  await page.getByRole('button', { name: `Entregas: ${hooks.url}` }).click();
  const deliveries = page.getByRole('table', { name: 'Entregas' });
  await waitFor(
    async () => {
      await page.getByRole('button', { name: 'Atualizar' }).click();
      return deliveries.getByRole('row').filter({ hasText: 'falhou' }).count();
    },
    (n) => n === 1,
    30_000,
  );
  const failed = deliveries.getByRole('row').filter({ hasText: 'falhou' });
  await failed.getByText('HTTP 500').waitFor();
  await failed.getByText('chat aberto').waitFor();
  expect(hooks.received).toHaveLength(0);
  await shot(page, 'webhooks-failed-delivery');

  // Sent again while the receiver answers 200: delivered once, signed with the generated secret.
  failing = false;
  await failed.getByRole('button', { name: /^Reenviar: #\d+$/ }).click();
  await waitFor(
    async () => {
      await page.getByRole('button', { name: 'Atualizar' }).click();
      return deliveries.getByRole('row').filter({ hasText: 'entregue' }).count();
    },
    (n) => n === 1,
    30_000,
  );
  expect(hooks.received).toHaveLength(1);
  const [got] = hooks.received;
  expect(got!.body.type).toBe('chat.created');
  expect((got!.body.data as unknown as { chatId: string }).chatId).toBe(opened.body.chatId);
  expect(got!.headers['x-atende-signature']).toBe(signBody(secret, got!.raw));

  // Pause, then every event again (the secret kept), then delete.
  await page.getByRole('button', { name: `Pausar: ${hooks.url}` }).click();
  await row.getByText('pausado').waitFor();
  await page.getByRole('button', { name: `Editar: ${hooks.url}` }).click();
  const edit = page.getByRole('form', { name: `Editar: ${hooks.url}` });
  await edit.getByLabel('Todos os eventos').check();
  await edit.getByRole('button', { name: 'Salvar' }).click();
  await row.getByText('Todos os eventos').waitFor();
  const after = (await stack.request('GET', `/api/v1/webhooks/${hook.id}`, { token: ui.admin })).body;
  expect(after).toMatchObject({ events: ['*'], active: false });
  await page.getByRole('button', { name: `Excluir: ${hooks.url}` }).click();
  await page.getByText('Nenhum webhook ainda.').waitFor();
  expect((await stack.request('GET', '/api/v1/webhooks', { token: ui.admin })).body.items).toEqual([]);
  await page.close();
}, 120_000);
