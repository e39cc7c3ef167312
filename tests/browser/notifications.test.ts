import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { SCREENSHOTS, signIn as signInAs } from '../helpers/browser';
import { useConsoleStack } from '../helpers/consoleStack';
import { waitFor } from '../helpers/wait';

/**
 * Read state and notifications in real Chromium against `npm start`'s own
 * process (issue 19): unread badges and the title's count follow customers'
 * messages live and clear when the chat is opened; while the tab is hidden a
 * customer's message in my chat, or a chat assigned to me, raises a desktop
 * notification (a spy stands in for the browser's Notification, the
 * permission granted to the context), and none with the setting off.
 * Ana is the only available attendant, so every handed-off chat is hers.
 */
const SECRET = 'notifications-test-secret-0123456789';
const ANA = { name: 'Ana Souza', email: 'ana@example.com', password: 'ana-strong-password-7' };
// The first admin starts available: here every chat goes to Ana.
const ui = useConsoleStack({ channelSecret: SECRET, available: false });
const stack = ui.stack;
let anaToken: string;

beforeAll(async () => {
  expect(
    (await stack.request('POST', '/api/v1/attendants', { token: ui.admin, body: { ...ANA, role: 'attendant' } }))
      .status,
  ).toBe(201);
  anaToken = (await stack.request('POST', '/api/v1/auth/login', { body: ANA })).body.accessToken as string;
  await stack.request('PATCH', '/api/v1/me', { token: anaToken, body: { available: true } });
}, 120_000);

const event = (type: string, data: object) => ({ type, timestamp: new Date().toISOString(), data });

/** A customer who asks for a person at once: the chat is handed off and the queue gives it to Ana. */
async function customerAsksForAPerson(name: string): Promise<{ conversation: string; chatId: string }> {
  const conversation = randomUUID();
  const opened = await stack.webhook(
    ui.channelId,
    SECRET,
    event('NEW_CONVERSATION', { id: conversation, contact: { name } }),
  );
  expect(opened.status).toBe(202);
  await customerWrites(conversation, 'quero falar com um atendente humano');
  const chatId = opened.body.chatId as string;
  await waitFor(
    async () => (await stack.request('GET', `/api/v1/chats/${chatId}`, { token: anaToken })).body,
    (chat) => chat?.attendantId !== null && chat?.attendantId !== undefined,
  );
  return { conversation, chatId };
}

async function customerWrites(conversation: string, content: string): Promise<void> {
  const res = await stack.webhook(
    ui.channelId,
    SECRET,
    event('NEW_MESSAGE', { id: randomUUID(), direction: 'RECEIVED', content, conversation_id: conversation }),
  );
  expect(res.status).toBe(202);
}

const unreadFor = async (chatId: string) =>
  (await stack.request('GET', `/api/v1/chats/${chatId}`, { token: anaToken })).body.unread as number;

async function signIn(page: Page): Promise<void> {
  await signInAs(page, stack.baseUrl, ANA);
  await page.getByRole('region', { name: 'Meus chats' }).getByRole('heading').waitFor();
}

/** The title's count: "(3) Atende" → 3, "Atende" → 0. */
const titleCount = async (page: Page) => Number(/^\((\d+)\) Atende$/.exec(await page.title())?.[1] ?? 0);

/**
 * A context whose pages report the Notifications that would be shown
 * (`window.__shown`) and can be hidden on demand (`window.__hidden`, read by
 * document.visibilityState and document.hidden, told by a visibilitychange).
 */
async function spiedContext(): Promise<BrowserContext> {
  const context = await ui.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['notifications'], { origin: stack.baseUrl });
  // Run in the page before its own scripts (a string: the page's globals are not this file's).
  await context.addInitScript({
    content: `
      window.__shown = [];
      window.__hidden = false;
      Object.defineProperty(Document.prototype, 'visibilityState', {
        configurable: true,
        get: () => (window.__hidden ? 'hidden' : 'visible'),
      });
      Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => window.__hidden });
      window.Notification = class SpyNotification {
        static permission = 'granted';
        static requestPermission() { return Promise.resolve('granted'); }
        constructor(title, options = {}) {
          this.onclick = null;
          window.__shown.push({ title, body: options.body, tag: options.tag });
        }
        close() {}
      };
    `,
  });
  return context;
}

const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate(`window.__hidden = ${hidden}; document.dispatchEvent(new Event('visibilitychange'))`);
const shown = (page: Page) => page.evaluate<{ title: string; body?: string; tag?: string }[]>('window.__shown');

test('unread badges appear when a customer writes and clear when the chat is opened; the title counts them', async () => {
  const context = await ui.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page);
  expect(await page.title()).toBe('Atende');

  const { conversation, chatId } = await customerAsksForAPerson('Joana Cliente');
  const mine = page.getByRole('region', { name: 'Meus chats' });
  const line = mine.getByRole('button', { name: /Joana Cliente/ });
  const badge = line.locator('.badge.unread');
  await badge.filter({ hasText: /^1$/ }).waitFor({ timeout: 20_000 });
  expect(await badge.getAttribute('aria-label')).toBe('1 não lida');
  await waitFor(
    () => page.title(),
    (title) => title === '(1) Atende',
  );

  // Live, without a reload.
  await customerWrites(conversation, 'ainda estou esperando');
  await badge.filter({ hasText: /^2$/ }).waitFor({ timeout: 20_000 });
  await waitFor(
    () => page.title(),
    (title) => title === '(2) Atende',
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, 'unread-badges.png'), fullPage: true });

  // Opened: read, so the badge and the count go.
  await line.click();
  await page.getByText('ainda estou esperando').waitFor();
  await waitFor(
    () => badge.count(),
    (n) => n === 0,
  );
  await waitFor(
    () => page.title(),
    (title) => title === 'Atende',
  );
  expect(await unreadFor(chatId)).toBe(0);

  // A message that arrives while the chat is open (and the tab visible) is read as it shows.
  await customerWrites(conversation, 'obrigada pela atenção');
  await page.getByText('obrigada pela atenção').waitFor({ timeout: 20_000 });
  await waitFor(
    () => unreadFor(chatId),
    (n) => n === 0,
  );
  await waitFor(
    () => page.title(),
    (title) => title === 'Atende',
  );
  await context.close();
}, 120_000);

test('a desktop notification when a customer writes in my chat, or a chat is assigned to me, while the tab is hidden', async () => {
  const context = await spiedContext();
  const page = await context.newPage();
  await signIn(page);
  // The permission is granted already: no button to ask for it.
  expect(await page.getByRole('button', { name: 'Ativar notificações' }).count()).toBe(0);

  const { conversation, chatId } = await customerAsksForAPerson('Marta Lopes');
  const line = page.getByRole('region', { name: 'Meus chats' }).getByRole('button', { name: /Marta Lopes/ });
  await line.waitFor({ timeout: 20_000 });
  await line.click();
  await page.getByText('quero falar com um atendente humano').first().waitFor();
  await waitFor(
    () => unreadFor(chatId),
    (n) => n === 0,
  );
  // Visible: the assignment and the message raised nothing.
  expect(await shown(page)).toEqual([]);

  await setHidden(page, true);
  await customerWrites(conversation, 'alguém aí?');
  await waitFor(
    () => shown(page),
    (list) => list.length > 0,
  );
  // Seen by the page (the title counts it: a hidden tab marks nothing read), and still one notification.
  await waitFor(
    () => titleCount(page),
    (n) => n === 1,
  );
  expect(await unreadFor(chatId)).toBe(1);
  expect(await shown(page)).toEqual([
    { title: 'Nova mensagem de Marta Lopes', body: 'alguém aí?', tag: `atende-${chatId}` },
  ]);

  // A chat the queue gives me while I am away.
  await customerAsksForAPerson('Paula Nunes');
  const assigned = await waitFor(
    () => shown(page),
    (list) => list.some((n) => n.title === 'Novo chat para você'),
  );
  expect(assigned.find((n) => n.title === 'Novo chat para você')).toMatchObject({ body: 'Paula Nunes' });

  // Back to the tab: the open chat is read at once.
  await setHidden(page, false);
  await waitFor(
    () => unreadFor(chatId),
    (n) => n === 0,
  );
  await context.close();
}, 120_000);

test('with the setting off no notification fires, and the setting is kept in the browser', async () => {
  const context = await spiedContext();
  const page = await context.newPage();
  await signIn(page);
  const setting = page.getByLabel('Notificações', { exact: true });
  expect(await setting.isChecked()).toBe(true);
  await setting.uncheck();
  expect(await page.evaluate<string | null>("localStorage.getItem('atende.notifications')")).toBe('off');

  const { conversation } = await customerAsksForAPerson('Rita Alves');
  await page
    .getByRole('region', { name: 'Meus chats' })
    .getByRole('button', { name: /Rita Alves/ })
    .waitFor();
  await waitFor(
    () => titleCount(page),
    (n) => n > 0,
  );
  const before = await titleCount(page);

  await setHidden(page, true);
  await customerWrites(conversation, 'oi, tem alguém?');
  // The event reached the page (the title counts the message); give a notification time it would have had.
  await waitFor(
    () => titleCount(page),
    (n) => n === before + 1,
  );
  await page.waitForTimeout(1500);
  expect(await shown(page)).toEqual([]);

  // Another tab of the same browser starts with it off.
  const other = await context.newPage();
  await signIn(other);
  expect(await other.getByLabel('Notificações', { exact: true }).isChecked()).toBe(false);
  await context.close();
}, 120_000);

test('the permission is asked once, from a click on Ativar notificações', async () => {
  const context = await ui.browser.newContext({ viewport: { width: 1280, height: 800 } });
  // A browser that has not been asked yet: the page's Notification answers "default" until asked.
  await context.addInitScript({
    content: `
      window.__asked = 0;
      window.Notification = class {
        static permission = 'default';
        static requestPermission() {
          window.__asked += 1;
          return Promise.resolve('denied');
        }
      };
    `,
  });
  const page = await context.newPage();
  await signIn(page);
  const ask = page.getByRole('button', { name: 'Ativar notificações' });
  await ask.click();
  await waitFor(
    () => ask.count(),
    (n) => n === 0,
  );
  expect(await page.evaluate<number>('window.__asked')).toBe(1);
  // Answered once: another tab does not offer it again.
  const other = await context.newPage();
  await signIn(other);
  expect(await other.getByRole('button', { name: 'Ativar notificações' }).count()).toBe(0);
  expect(await other.evaluate<number>('window.__asked')).toBe(0);
  await context.close();
}, 60_000);
