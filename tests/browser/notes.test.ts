import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { signIn as signInAs, shot } from '../helpers/browser';
import { useConsoleStack } from '../helpers/consoleStack';
import { waitFor } from '../helpers/wait';

/**
 * Private notes in the console, in real Chromium against `npm start`'s own
 * process: a note written in the composer's "Nota interna" mode shows in the
 * thread as internal and never reaches the customer's callback; an `@`
 * mention shows up live in a colleague's open console, and a transfer's note
 * is pinned for whoever receives the chat.
 */
const SECRET = 'notes-browser-secret-0123456789';
const ANA = { name: 'Ana Souza', email: 'ana.notes@example.com', password: 'ana-strong-password-7' };
const BRUNO = { name: 'Bruno Alves', email: 'bruno.notes@example.com', password: 'bruno-strong-password-7' };
// Nobody takes chats automatically: people claim them by hand here.
const ui = useConsoleStack({ channelSecret: SECRET, available: false });
const stack = ui.stack;
const ids: Record<string, string> = {};

beforeAll(async () => {
  for (const person of [ANA, BRUNO]) {
    const res = await stack.request('POST', '/api/v1/attendants', {
      token: ui.admin,
      body: { ...person, role: 'attendant' },
    });
    expect(res.status).toBe(201);
    ids[person.name] = res.body.id;
  }
}, 120_000);

const event = (type: string, data: object) => ({ type, timestamp: new Date().toISOString(), data });
async function customerAsksForAPerson(name: string): Promise<string> {
  const conversation = randomUUID();
  await stack.webhook(ui.channelId, SECRET, event('NEW_CONVERSATION', { id: conversation, contact: { name } }));
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
  return conversation;
}

async function signIn(page: Page, person: { email: string; password: string }): Promise<void> {
  await signInAs(page, stack.baseUrl, person);
  await page.getByRole('region', { name: 'Fila' }).getByRole('heading', { name: /Fila/ }).waitFor();
}

/** Claims the chat waiting in the queue, `customer`'s. */
async function claim(page: Page, customer: string): Promise<void> {
  // The queue lists chats by id: the one waiting is the customer's (each test leaves the queue empty).
  const waiting = page.getByRole('region', { name: 'Fila' }).getByRole('button').first();
  await waiting.waitFor({ timeout: 20_000 });
  await waiting.click();
  await page.getByRole('button', { name: 'Assumir' }).click();
  await page
    .getByRole('region', { name: 'Meus chats' })
    .getByRole('button', { name: new RegExp(customer) })
    .waitFor();
}

test('a note written in the console shows as internal and never reaches the customer', async () => {
  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, ANA);
  const conversation = await customerAsksForAPerson('Joana Notas');
  await claim(page, 'Joana Notas');

  await page.getByRole('button', { name: 'Nota interna' }).click();
  await page.getByLabel('Nota interna', { exact: true }).fill('NOTA-DO-CONSOLE: cliente pediu desconto antes.');
  await page.getByRole('button', { name: 'Salvar nota' }).click();
  const note = page.locator('.messages').getByRole('listitem', { name: 'Nota interna — o cliente não vê' });
  await note.getByText('NOTA-DO-CONSOLE: cliente pediu desconto antes.').waitFor();
  // The contact's panel lists it too.
  await page
    .getByRole('region', { name: 'Notas internas' })
    .getByText('NOTA-DO-CONSOLE: cliente pediu desconto antes.')
    .waitFor();
  await shot(page, 'note-internal');

  await page.getByRole('button', { name: 'Responder' }).click();
  await page.getByLabel('Responder').fill('Olá, Joana! Já vou verificar.');
  await page.getByRole('button', { name: 'Enviar' }).click();
  const delivered = await waitFor(
    () =>
      Promise.resolve(
        ui.receiver.received.filter(
          (r) => r.body.data.conversation_id === conversation && r.body.data.sender === 'attendant',
        ),
      ),
    (found) => found.length === 1,
  );
  expect(delivered[0]!.body.data.content).toContain('Olá, Joana! Já vou verificar.');
  await page.locator('.messages .message', { hasText: 'Olá, Joana! Já vou verificar.' }).waitFor();
  await new Promise((r) => setTimeout(r, 500));
  expect(ui.receiver.received.filter((r) => r.raw.includes('NOTA-DO-CONSOLE'))).toEqual([]);
  await page.close();
}, 120_000);

test("an @ mention shows up in a colleague's open console; a transfer's note is pinned for them", async () => {
  const ana = await (await ui.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const bruno = await (await ui.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signIn(bruno, BRUNO);
  await signIn(ana, ANA);
  await customerAsksForAPerson('Pedro Menção');
  await claim(ana, 'Pedro Menção');

  await ana.getByRole('button', { name: 'Nota interna' }).click();
  const box = ana.getByLabel('Nota interna', { exact: true });
  await box.click();
  await box.pressSequentially('Pode me ajudar, @Bru');
  await ana
    .getByRole('listbox', { name: 'Mencionar colega' })
    .getByRole('option', { name: /Bruno Alves/ })
    .click();
  await box.pressSequentially('? Ele quer trocar o plano.');
  await expect(box.inputValue()).resolves.toBe('Pode me ajudar, @Bruno Alves ? Ele quer trocar o plano.');
  await ana.getByRole('list', { name: 'Mencionados' }).getByText('@Bruno Alves').waitFor();
  await shot(ana, 'note-mention-picker');
  await ana.getByRole('button', { name: 'Salvar nota' }).click();
  await ana.locator('.messages .note', { hasText: 'Ele quer trocar o plano.' }).waitFor();

  // Bruno's console, open all along, shows the notice without a reload.
  const notice = bruno.getByRole('status', { name: 'Mencionados' });
  await notice.getByText(/Ana Souza.*mencionou você.*Pode me ajudar/).waitFor({ timeout: 20_000 });
  await shot(bruno, 'note-mention-notice');

  // Ana hands the chat to Bruno with a note for him.
  await ana.getByLabel('Transferir para').selectOption(`attendant:${ids[BRUNO.name]}`);
  await ana.getByLabel('Nota para quem recebe (opcional)').fill('Já expliquei as opções; falta confirmar o plano.');
  await ana.getByRole('button', { name: 'Transferir', exact: true }).click();
  // Done when the chat is no longer Ana's to act on.
  await ana.getByLabel('Transferir para').waitFor({ state: 'detached', timeout: 20_000 });

  await notice.getByRole('button', { name: /mencionou você/ }).click();
  const pinned = bruno.getByRole('complementary', { name: 'Nota da transferência' });
  await pinned.getByText('Já expliquei as opções; falta confirmar o plano.').waitFor({ timeout: 20_000 });
  await bruno.locator('.messages .note', { hasText: 'Ele quer trocar o plano.' }).waitFor();
  await shot(bruno, 'note-handoff-pinned');
  await ana.context().close();
  await bruno.context().close();
}, 120_000);
