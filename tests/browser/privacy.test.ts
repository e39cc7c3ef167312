import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { signIn, shot } from '../helpers/browser';
import { ADMIN } from '../helpers/stack';
import { useConsoleStack } from '../helpers/consoleStack';
import { waitFor } from '../helpers/wait';

/**
 * A person's data rights in real Chromium against `npm start`'s own process:
 * an admin exports a contact's data from their page (a ZIP download), then
 * erases it with a reason and sees the receipt; the contact is gone from the
 * API. Screenshots go to test-output/screenshots.
 */
const SECRET = 'privacy-test-secret-0123456789';
const ui = useConsoleStack({ channelSecret: SECRET });
const stack = ui.stack;
let contactId: string;

beforeAll(async () => {
  const conversation = randomUUID();
  const event = (type: string, data: object) => ({ type, timestamp: new Date().toISOString(), data });
  const { chatId } = (
    await stack.webhook(
      ui.channelId,
      SECRET,
      event('NEW_CONVERSATION', { id: conversation, contact: { name: 'Joana Privada', phone: '+5511955554444' } }),
    )
  ).body;
  await stack.webhook(
    ui.channelId,
    SECRET,
    event('NEW_MESSAGE', {
      id: randomUUID(),
      direction: 'RECEIVED',
      content: 'meu boleto',
      conversation_id: conversation,
    }),
  );
  const chat = await waitFor(
    async () => (await stack.request('GET', `/api/v1/chats/${chatId}`, { token: ui.admin })).body,
    (c) => c?.messages?.length >= 2,
  );
  contactId = chat.contactId;
}, 120_000);

test("an admin exports a person's data as a ZIP, then erases it and sees the receipt", async () => {
  const page = await ui.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await signIn(page, stack.baseUrl, ADMIN);
  await page.getByRole('button', { name: 'Sair' }).waitFor();
  await page.goto(`${stack.baseUrl}/console#/contacts/${contactId}`);
  const rights = page.getByRole('region', { name: 'Dados pessoais (LGPD)' });
  await rights.waitFor();
  await shot(page, 'contact-privacy');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    rights.getByRole('button', { name: 'Exportar dados (ZIP)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`contact-${contactId}.zip`);
  const zip = unzipSync(new Uint8Array(fs.readFileSync((await download.path())!)));
  expect(JSON.parse(strFromU8(zip['contact.json']!)).contact).toMatchObject({ name: 'Joana Privada' });

  page.once('dialog', (dialog) => void dialog.accept());
  await rights.getByLabel('Motivo (ex.: número da solicitação; sem dados pessoais)').fill('LGPD 2026-031');
  await rights.getByRole('button', { name: 'Apagar dados pessoais' }).click();
  await rights.getByRole('status').filter({ hasText: 'Dados apagados. Recibo:' }).waitFor();
  await shot(page, 'contact-erased');
  expect((await stack.request('GET', `/api/v1/contacts/${contactId}`, { token: ui.admin })).status).toBe(404);
  await page.close();
}, 120_000);
