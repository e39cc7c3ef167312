import { telegramMessageKey } from '../../src/channels/telegram/messageKey';
import { ApiApp } from '../helpers/apiApp';
import { FAKE_BOT_TOKEN } from '../helpers/channelServices';
import { customer } from '../helpers/telegramUpdates';

// Telegram edits of a message already stored change only that row (no chat
// workflow is involved, so this runs on the real API and database alone):
// whatever order they arrive in, and however often, the newest text stays.

const app = new ApiApp();
const SECRET = 'telegram-webhook-secret_0123';
const USER = 4242;
let channelId: string;

beforeAll(async () => {
  await app.start();
  channelId = await app.addChannel('telegram', { mode: 'webhook' }, { botToken: FAKE_BOT_TOKEN, secret: SECRET });
});
afterAll(() => app.stop());

let nextUpdate = 9000;
let nextMessage = 700;
const SENT = Math.floor(Date.now() / 1000) - 600;

/** A customer message as the chat workflow stored it. */
async function storedMessage(text: string): Promise<{ messageId: number; rowId: string }> {
  const messageId = ++nextMessage;
  const known = await app.db.contactIdentity.findUnique({
    where: { channelId_externalId: { channelId, externalId: `telegram:${USER}` } },
  });
  const contact = known
    ? { id: known.contactId }
    : await app.db.contact.create({
        data: { name: 'Ana', identities: { create: { channelId, externalId: `telegram:${USER}` } } },
      });
  const chatId = `chat-edit-${messageId}`;
  await app.db.chat.create({
    data: {
      id: chatId,
      workflowId: `chat-${channelId}-${USER}`,
      channelId,
      externalChatId: String(USER),
      contactId: contact.id,
      status: 'waiting_customer',
      startedAt: new Date(SENT * 1000),
    },
  });
  const row = await app.db.message.create({
    data: {
      id: `${chatId}-in-${messageId}`,
      chatId,
      channelId,
      sender: 'customer',
      content: text,
      channelMessageId: telegramMessageKey(USER, messageId),
      createdAt: new Date(SENT * 1000),
    },
  });
  return { messageId, rowId: row.id };
}

/** The edited_message update Telegram sends when the text was changed at `editDate` (Unix seconds). */
function edit(messageId: number, text: string, editDate: number) {
  return {
    update_id: ++nextUpdate,
    edited_message: {
      message_id: messageId,
      date: SENT,
      edit_date: editDate,
      chat: { id: USER, type: 'private' },
      from: customer(USER),
      text,
    },
  };
}

async function deliver(update: unknown) {
  const res = await app.request('POST', `/webhooks/telegram/${channelId}`, {
    body: update,
    headers: { 'x-telegram-bot-api-secret-token': SECRET },
  });
  expect(res.status).toBe(200);
}
const stored = (rowId: string) => app.db.message.findUniqueOrThrow({ where: { id: rowId } });

test('two edits delivered in reverse order leave the newer text', async () => {
  const { messageId, rowId } = await storedMessage('Quero cancelar');
  const first = edit(messageId, 'Quero cancelar o plano', SENT + 60);
  const second = edit(messageId, 'Quero mudar de plano', SENT + 120);
  await deliver(second);
  await deliver(first);
  const row = await stored(rowId);
  expect(row.content).toBe('Quero mudar de plano');
  expect(JSON.parse(row.metadata)).toMatchObject({
    editedAt: new Date((SENT + 120) * 1000).toISOString(),
    edits: [{ content: 'Quero cancelar' }],
  });
});

test('a replay of an earlier edit leaves the newer text', async () => {
  const { messageId, rowId } = await storedMessage('Oi');
  const first = edit(messageId, 'Oi, bom dia', SENT + 30);
  await deliver(first);
  await deliver(edit(messageId, 'Oi, boa tarde', SENT + 90));
  expect((await stored(rowId)).content).toBe('Oi, boa tarde');
  const before = await stored(rowId);
  // The same signed update again (Telegram's secret token is all it needs): nothing changes.
  await deliver(first);
  await deliver({ ...first, update_id: ++nextUpdate });
  expect(await stored(rowId)).toEqual(before);
});

test('edits in order are each applied, keeping the earlier texts', async () => {
  const { messageId, rowId } = await storedMessage('a');
  await deliver(edit(messageId, 'b', SENT + 10));
  await deliver(edit(messageId, 'c', SENT + 20));
  const row = await stored(rowId);
  expect(row.content).toBe('c');
  expect(JSON.parse(row.metadata).edits.map((e: { content: string }) => e.content)).toEqual(['a', 'b']);
});
