import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { ApiChannelFixture } from '../helpers/apiChannelFixture';
import { launchChromium, signIn as signInAs, shot } from '../helpers/browser';
import { ADMIN } from '../helpers/stack';
import { waitFor } from '../helpers/wait';

/**
 * In real Chromium against `npm start`'s own process: an admin edits a
 * channel's inactivity per waiting state on the channels screen (a close
 * before the warning is a 400 naming the field, nothing saved), and a
 * supervisor sees a toast when a customer rates a chat 1 (`csat.low`).
 * Screenshots go to test-output/screenshots.
 */
const SECRET = 'inactivity-editor-secret-1';
const f = new ApiChannelFixture(SECRET);
let browser: Browser;

beforeAll(async () => {
  await f.setUp();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  expect(await f.tearDown()).toBe(0);
});

const signIn = (page: Page) => signInAs(page, f.stack.baseUrl, ADMIN);
const inactivityOf = async () =>
  (await f.stack.request('GET', `/api/v1/channels/${f.channelId}`, { token: f.admin })).body.inactivity;

test('an admin sets the inactivity of a channel: with the bot, and waiting on the customer', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await signIn(page);
  await page.getByRole('button', { name: 'Administração' }).click();
  await page.getByRole('button', { name: 'Canais' }).click();
  await page.getByRole('button', { name: 'Editar: Site' }).click();
  const form = page.getByRole('form', { name: 'Editar: Site' });
  const withBot = form.getByRole('group', { name: 'Com o bot' });
  const waiting = form.getByRole('group', { name: 'Aguardando o cliente (após um atendente)' });

  // A close before the warning: the API's 400 names the field, and nothing is saved.
  await withBot.getByLabel('Avisar após').fill('1 hour');
  await withBot.getByLabel('Encerrar após').fill('30 minutes');
  await form.getByRole('button', { name: 'Salvar' }).click();
  await form.getByRole('alert').filter({ hasText: 'body.inactivity.withBot.closeAfter' }).waitFor();
  expect(await inactivityOf()).toBeUndefined();

  await withBot.getByLabel('Avisar após').fill('10 minutes');
  await withBot.getByLabel('Encerrar após').fill('30 minutes');
  await waiting.getByLabel('Encerrar após').fill('24 hours');
  await shot(page, 'channel-inactivity');
  await form.getByRole('button', { name: 'Salvar' }).click();
  const saved = await waitFor(inactivityOf, (v) => v !== undefined);
  expect(saved).toEqual({
    withBot: { warnAfter: '10 minutes', closeAfter: '30 minutes' },
    waitingCustomer: { closeAfter: '24 hours' },
  });

  // Opened again, the editor shows what was saved.
  await page.getByRole('button', { name: 'Editar: Site' }).click();
  await waitFor(
    () => withBot.getByLabel('Avisar após').inputValue(),
    (v) => v === '10 minutes',
  );
  expect(await waiting.getByLabel('Avisar após').inputValue()).toBe('');
  expect(await waiting.getByLabel('Encerrar após').inputValue()).toBe('24 hours');
  await page.close();
}, 120_000);

test('a supervisor sees a toast when a customer rates a chat 1', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page);
  await page.getByRole('button', { name: 'Administração' }).waitFor();

  const conversation = randomUUID();
  const now = () => new Date().toISOString();
  const say = (content: string) =>
    f.send({
      type: 'NEW_MESSAGE',
      timestamp: now(),
      data: { id: randomUUID(), direction: 'RECEIVED', content, conversation_id: conversation },
    });
  await f.send({ type: 'NEW_CONVERSATION', timestamp: now(), data: { id: conversation } });
  const { chatId } = (await say('quero falar com um atendente')).body as { chatId: string };
  await waitFor(
    () => f.db.chat.findUnique({ where: { id: chatId } }),
    (c) => c?.status === 'transferred',
  );
  const token = f.admin;
  expect((await f.stack.request('POST', `/api/v1/chats/${chatId}/claim`, { token })).status).toBe(200);
  expect((await f.stack.request('POST', `/api/v1/chats/${chatId}/resolve`, { token, body: {} })).status).toBe(200);
  await waitFor(
    async () =>
      f.receiver.received.filter((r) => r.body.data.conversation_id === conversation && r.body.data.kind === 'csat'),
    (asked) => asked.length > 0,
  );
  await say('1');

  const toast = page.getByRole('alert', { name: 'Avaliação baixa' });
  await toast.getByText('Cliente deu nota 1 de 5').waitFor();
  await shot(page, 'csat-low-toast');
  await toast.getByRole('button', { name: /Cliente deu nota 1/ }).click();
  await page.waitForURL(new RegExp(chatId));
  expect(await page.getByRole('alert', { name: 'Avaliação baixa' }).count()).toBe(0);
  await page.close();
}, 120_000);
