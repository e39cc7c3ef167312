import type { Browser, Page } from 'playwright-core';
import { createDb, type Db } from '../../src/db/client';
import { launchChromium, signIn as signInAs, shot } from '../helpers/browser';
import { ADMIN, Stack } from '../helpers/stack';
import { waitFor } from '../helpers/wait';
import { FakeBotApi } from '../fakes/telegramBotApi';
import { FakeGraphApi } from '../fakes/graphApi';
import { FAKE_BOT_TOKEN } from '../helpers/channelServices';
import { messageUpdate } from '../helpers/telegramUpdates';
import { inbound, PHONE_NUMBER_ID } from '../helpers/whatsappPayloads';
import { signBody } from '../../src/channels/signature';

/**
 * The attendant's desk in real Chromium against `npm start`'s own process,
 * with stand-ins of the Telegram Bot API and the Graph API: a file dropped
 * onto the composer reaches the customer on Telegram as a photo (and shows in
 * the thread), a file over 16 MB is refused in the browser, typing shows on
 * Telegram, and outside WhatsApp's 24-hour window the text box is closed and
 * a template picked with its variables reaches the Graph API.
 */
const TELEGRAM_SECRET = 'telegram-webhook-secret-0123';
const ACCESS_TOKEN = 'EAAGfilesBrowserToken0123456789';
const APP_SECRET = 'whatsapp-app-secret-files';
const WABA_ID = '102290129340398';
const telegram = new FakeBotApi();
const graph = new FakeGraphApi(ACCESS_TOKEN);
let stack: Stack;
let db: Db;
let browser: Browser;
let token: string;
let telegramChannel: string;
let whatsappChannel: string;

// A 1×1 PNG.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

beforeAll(async () => {
  await telegram.start();
  await graph.start();
  stack = new Stack({ TELEGRAM_API_ROOT: telegram.url, WHATSAPP_API_URL: graph.apiUrl });
  await stack.start();
  db = createDb(`file:${stack.dataDir}/atende.db`);
  browser = await launchChromium();
  token = await stack.signInAdmin();
  telegramChannel = await stack.createChannel(token, {
    type: 'telegram',
    name: 'Telegram',
    botToken: FAKE_BOT_TOKEN,
    secret: TELEGRAM_SECRET,
  });
  whatsappChannel = await stack.createChannel(token, {
    type: 'whatsapp',
    name: 'WhatsApp',
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: WABA_ID,
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    verifyToken: 'verify-me-files',
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
  await stack?.stop();
  stack?.cleanup();
  await telegram.stop();
  await graph.stop();
});

/** The admin signed in, on the chat's own screen. */
async function openChat(chatId: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInAs(page, stack.baseUrl, ADMIN);
  await page.getByRole('button', { name: 'Sair' }).waitFor();
  // The same page, another screen (a hash change: the session in memory stays).
  await page.goto(`${stack.baseUrl}/console#/chats/${chatId}`);
  await page.locator('.chat-view header h2').waitFor();
  return page;
}

/** The customer's chat once the bot handed it off, taken by the admin. */
async function handedOffAndClaimed(where: { channelId: string; externalChatId: string }): Promise<string> {
  const chat = await waitFor(
    () => db.chat.findFirst({ where }),
    (c) => c?.status === 'transferred' || c?.status === 'waiting_attendant',
    30_000,
  );
  const claimed = await stack.request('POST', `/api/v1/chats/${chat!.id}/claim`, { token });
  expect(claimed.status).toBe(200);
  return chat!.id;
}

/** Drops files made in the page (name, type, bytes as base64 or a size of zeros) onto the composer. */
async function drop(page: Page, file: { name: string; type: string; base64?: string; size?: number }) {
  // Page code as text: the tests' TypeScript has no DOM types.
  const dataTransfer = await page.evaluateHandle(`(() => {
    const f = ${JSON.stringify(file)};
    const bytes = f.base64 ? Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)) : new Uint8Array(f.size ?? 0);
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], f.name, { type: f.type }));
    return dt;
  })()`);
  await page.dispatchEvent('form.reply', 'dragover', { dataTransfer });
  await page.dispatchEvent('form.reply', 'drop', { dataTransfer });
}

test('a file dropped onto the composer reaches the Telegram customer as a photo; over 16 MB is refused in pt-BR', async () => {
  const update = messageUpdate(424242, { text: 'quero falar com um atendente humano' });
  const posted = await stack.request('POST', `/webhooks/telegram/${telegramChannel}`, {
    body: update,
    headers: { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
  });
  expect(posted.status).toBe(200);
  const chatId = await handedOffAndClaimed({ channelId: telegramChannel, externalChatId: '424242' });
  const page = await openChat(chatId);

  // Too big: refused before anything is sent, with the reason in Portuguese.
  await drop(page, { name: 'video-enorme.mp4', type: 'video/mp4', size: 16 * 1024 * 1024 + 1 });
  await page.getByRole('alert').filter({ hasText: 'passa de 16 MB' }).waitFor();
  expect(await page.getByTestId('attachment').count()).toBe(0);

  // Typing shows on Telegram (one action however many keys).
  await page.getByLabel('Responder').pressSequentially('Segue a foto');
  await waitFor(
    () => Promise.resolve(telegram.callsOf('sendChatAction')),
    (calls) => calls.some((c) => String(c.params.chat_id) === '424242' && c.params.action === 'typing'),
  );
  expect(telegram.callsOf('sendChatAction')).toHaveLength(1);

  await drop(page, { name: 'comprovante.png', type: 'image/png', base64: PNG_BASE64 });
  await page.getByTestId('attachment').filter({ hasText: 'comprovante.png' }).waitFor();
  await shot(page, 'files-dropped');
  await page.getByRole('button', { name: 'Enviar' }).click();

  const [photo] = await waitFor(
    () => Promise.resolve(telegram.callsOf('sendPhoto')),
    (calls) => calls.length === 1,
  );
  expect(String(photo!.params.chat_id)).toBe('424242');
  expect(photo!.params.caption).toBe('Segue a foto');
  // grammY uploads the file under a field of its own naming, which `photo` points at.
  const [file] = Object.values(photo!.files);
  expect(file!.name).toBe('comprovante.png');
  expect(file!.data.equals(Buffer.from(PNG_BASE64, 'base64'))).toBe(true);
  // The thread shows the picture sent (loaded: the page's CSP lets its own blob: URLs in).
  const preview = page.locator('.message.from-attendant img.preview');
  await preview.waitFor();
  await waitFor(
    () =>
      preview.evaluate((el) => {
        const img = el as unknown as { complete: boolean; naturalWidth: number };
        return img.complete && img.naturalWidth;
      }),
    (width) => width === 1,
  );
  await shot(page, 'files-sent-photo');

  // The customer answers with a voice note and a PDF: a player and a download link, live.
  telegram.files.set('voice-1', Buffer.from('OggS fake voice'));
  telegram.files.set('doc-1', Buffer.from('%PDF-1.4 fake'));
  for (const fields of [
    { voice: { file_id: 'voice-1', file_unique_id: 'uv1', duration: 2, mime_type: 'audio/ogg' } },
    { document: { file_id: 'doc-1', file_unique_id: 'ud1', file_name: 'boleto.pdf', mime_type: 'application/pdf' } },
  ]) {
    const sent = await stack.request('POST', `/webhooks/telegram/${telegramChannel}`, {
      body: messageUpdate(424242, fields),
      headers: { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
    });
    expect(sent.status).toBe(200);
  }
  const player = page.locator('.message.from-customer audio');
  await player.waitFor({ timeout: 20_000 });
  expect(await player.getAttribute('src')).toMatch(/^blob:/);
  await page.getByRole('button', { name: 'Baixar boleto.pdf' }).waitFor();
  await shot(page, 'files-received');
  await page.close();
}, 120_000);

test('outside the 24-hour window the text box is closed and a template with its variables reaches WhatsApp', async () => {
  graph.templates = [
    {
      name: 'retomar_atendimento',
      language: 'pt_BR',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Olá {{1}}, ainda podemos ajudar com o pedido {{2}}?' }],
    },
    { name: 'rascunho', language: 'pt_BR', status: 'REJECTED', components: [] },
  ];
  const phone = '5511988887777';
  const message = inbound(phone, 'text', { text: { body: 'quero falar com um atendente humano' } });
  const raw = JSON.stringify(message.payload);
  const posted = await stack.request('POST', `/webhooks/whatsapp/${whatsappChannel}`, {
    raw,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(APP_SECRET, raw) },
  });
  expect(posted.status).toBe(200);
  const chatId = await handedOffAndClaimed({ channelId: whatsappChannel, externalChatId: phone });
  // The bot answered (its hand-off notice): the customer's message shows read on WhatsApp.
  await waitFor(
    () => Promise.resolve(graph.readReceipts().map((c) => c.json)),
    (receipts) => receipts.some((r) => r?.message_id === message.id && r.typing_indicator === undefined),
  );
  // The customer's last message, 25 hours ago (the clock we control is the stored time).
  await db.message.updateMany({
    where: { chatId, sender: 'customer' },
    data: { createdAt: new Date(Date.now() - 25 * 3600 * 1000) },
  });

  const page = await openChat(chatId);
  await page.getByTestId('service-window').filter({ hasText: 'Janela de 24 h fechada' }).waitFor();
  expect(await page.getByLabel('Responder').isDisabled()).toBe(true);
  await page.getByText('mais de 24 horas').waitFor();

  const picker = page.getByRole('form', { name: 'Modelos de mensagem' });
  await picker.getByRole('option', { name: 'retomar_atendimento (pt_BR)' }).waitFor({ state: 'attached' });
  // A template approved a moment ago appears when the attendant asks Meta again.
  graph.templates.push({
    name: 'aprovado_agora',
    language: 'pt_BR',
    status: 'APPROVED',
    components: [{ type: 'BODY', text: 'Novidade!' }],
  });
  await picker.getByRole('button', { name: 'Atualizar modelos' }).click();
  await picker.getByRole('option', { name: 'aprovado_agora (pt_BR)' }).waitFor({ state: 'attached' });
  await picker.getByLabel('Modelo').selectOption({ label: 'retomar_atendimento (pt_BR)' });
  expect(await picker.getByRole('option', { name: /rascunho/ }).count()).toBe(0);
  await picker.getByLabel('Variável {{1}}').fill('Sheena');
  await picker.getByLabel('Variável {{2}}').fill('4521');
  await shot(page, 'files-template-picker');
  await picker.getByRole('button', { name: 'Enviar modelo' }).click();

  const [sent] = await waitFor(
    () => Promise.resolve(graph.sends().filter((c) => c.json?.type === 'template')),
    (calls) => calls.length === 1,
  );
  expect(sent!.json).toMatchObject({
    to: phone,
    type: 'template',
    template: {
      name: 'retomar_atendimento',
      language: { code: 'pt_BR' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Sheena' },
            { type: 'text', text: '4521' },
          ],
        },
      ],
    },
  });
  await page.getByText('[template retomar_atendimento: Sheena | 4521]').waitFor();
  await page.close();
}, 120_000);
