import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { signIn as signInAs, shot } from '../helpers/browser';
import { useConsoleStack } from '../helpers/consoleStack';
import { waitFor } from '../helpers/wait';

/**
 * Canned responses in real Chromium against `npm start`'s own process: a
 * supervisor writes one for everyone on the "Respostas prontas" screen; an
 * attendant types `/` in a chat, picks it (and a second one of her own),
 * sees its variables previewed, sends, and the customer's callback receives
 * the text with the contact's first name and the chat's protocol.
 */
const SECRET = 'canned-browser-secret-0123456789';
const ANA = { name: 'Ana Souza', email: 'ana@example.com', password: 'ana-strong-password-7' };
const SOFIA = { name: 'Sofia Lima', email: 'sofia@example.com', password: 'sofia-strong-password-7' };
const ui = useConsoleStack({ channelSecret: SECRET, available: false });
const stack = ui.stack;

beforeAll(async () => {
  for (const [person, role] of [
    [ANA, 'attendant'],
    [SOFIA, 'supervisor'],
  ] as const) {
    const res = await stack.request('POST', '/api/v1/attendants', { token: ui.admin, body: { ...person, role } });
    expect(res.status).toBe(201);
  }
}, 120_000);

const signIn = (page: Page, person: { email: string; password: string }) => signInAs(page, stack.baseUrl, person);

const event = (type: string, data: object) => ({ type, timestamp: new Date().toISOString(), data });

test('a supervisor writes a canned response for everyone; an unknown variable is refused', async () => {
  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, SOFIA);
  await page.getByRole('button', { name: 'Respostas prontas' }).click();
  const form = page.getByRole('form', { name: 'Nova resposta pronta' });
  await form.getByLabel('Atalho').fill('protocolo');
  await form.getByLabel('Título').fill('Número do protocolo');
  await form.getByLabel('Texto').fill('Olá, {{contact.firstName}}! Seu protocolo é {{chat.numero}}.');
  await form.getByLabel('Quem usa').selectOption({ label: 'Todos' });
  await form.getByRole('button', { name: 'Salvar' }).click();
  await form.getByRole('alert').filter({ hasText: '{{chat.numero}}' }).waitFor();

  await form.getByLabel('Texto').fill('Olá, {{contact.firstName}}! Seu protocolo é {{chat.protocol}}.');
  await form.getByRole('button', { name: 'Salvar' }).click();
  await page.getByRole('cell', { name: '/protocolo', exact: true }).waitFor();
  await page.getByRole('row', { name: /protocolo.*Todos/ }).waitFor();
  await shot(page, 'canned-responses');
  await page.close();
}, 120_000);

test('an attendant types /, picks canned responses, sends, and the customer gets the text resolved', async () => {
  // Ana has one of her own too, so the message holds two.
  const login = await stack.request('POST', '/api/v1/auth/login', { body: ANA });
  const anaToken = login.body.accessToken as string;
  const own = await stack.request('POST', '/api/v1/canned-responses', {
    token: anaToken,
    body: { shortcut: 'tchau', title: 'Despedida', content: 'Abraços, {{attendant.firstName}}.' },
  });
  expect(own.status).toBe(201);

  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, ANA);
  const queue = page.getByRole('region', { name: 'Fila' });
  await queue.getByRole('heading', { name: /Fila/ }).waitFor();

  const conversation = randomUUID();
  const opened = await stack.webhook(
    ui.channelId,
    SECRET,
    event('NEW_CONVERSATION', { id: conversation, contact: { name: 'Joana Maria Cliente' } }),
  );
  expect(opened.status).toBe(202);
  const chatId = opened.body.chatId as string;
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
  const waiting = queue.getByRole('button');
  await waiting.first().waitFor({ timeout: 20_000 });
  await waiting.first().click();
  await page.getByRole('button', { name: 'Assumir' }).click();
  await page.getByRole('region', { name: 'Meus chats' }).getByRole('button', { name: /Joana/ }).waitFor();
  const protocol = (await stack.request('GET', `/api/v1/chats/${chatId}`, { token: ui.admin })).body.protocol as string;
  expect(protocol).toMatch(/^\d{14}$/);

  const reply = page.getByLabel('Responder');
  await reply.click();
  await reply.pressSequentially('/proto');
  const picker = page.getByRole('listbox', { name: 'Respostas prontas' });
  await picker.getByRole('option', { name: /protocolo/ }).waitFor();
  // Esc closes the picker; typing on in the same word keeps it closed.
  await reply.press('Escape');
  await picker.waitFor({ state: 'hidden' });
  await reply.press('Backspace');
  await reply.press('Backspace');
  await reply.press('Backspace');
  await reply.press('Backspace');
  await reply.press('Backspace');
  await reply.press('Backspace');
  await reply.pressSequentially('/proto');
  await picker.getByRole('option', { name: /protocolo/ }).waitFor();
  await shot(page, 'canned-picker');
  await reply.press('Enter');
  await picker.waitFor({ state: 'hidden' });
  const first = `Olá, Joana! Seu protocolo é ${protocol}.`;
  await waitFor(
    () => reply.inputValue(),
    (v) => v === first,
  );

  // A second one in the same message, by title (fuzzy), with the arrow keys and Tab.
  await reply.pressSequentially(' /desp');
  await picker.getByRole('option', { name: /tchau/ }).waitFor();
  await reply.press('ArrowDown');
  await reply.press('Tab');
  const text = `${first} Abraços, Ana.`;
  await waitFor(
    () => reply.inputValue(),
    (v) => v === text,
  );
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
  expect(delivered[0]!.body.data.content).toBe(text);
  await page.getByText(`Seu protocolo é ${protocol}`).first().waitFor();
  await shot(page, 'canned-sent');

  // Each use is counted.
  const listed = await stack.request('GET', '/api/v1/canned-responses', { token: anaToken });
  const uses = Object.fromEntries(
    (listed.body.items as Array<{ shortcut: string; usageCount: number }>).map((c) => [c.shortcut, c.usageCount]),
  );
  expect(uses).toEqual({ protocolo: 1, tchau: 1 });
  await page.close();
}, 120_000);
