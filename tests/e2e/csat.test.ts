import { createDb, type Db } from '../../src/db/client';
import { FakeBotApi } from '../fakes/telegramBotApi';
import { Stack } from '../helpers/stack';
import { customer, messageUpdate } from '../helpers/telegramUpdates';
import { waitFor } from '../helpers/wait';

// End to end on Telegram: the survey's rating question is an inline keyboard on the
// Bot API stand-in, and the customer's press (a callback_query) is answered and rates.

const TOKEN = '123456789:AAFakeTokenForTheCsatSurveyChannel_01';
const SECRET = 'telegram-csat-secret_0123';

const botApi = new FakeBotApi();
let stack: Stack;
let db: Db;
let token: string;
let channelId: string;

async function send(update: unknown) {
  return stack.request('POST', `/webhooks/telegram/${channelId}`, {
    raw: JSON.stringify(update),
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
  });
}

beforeAll(async () => {
  await botApi.start();
  stack = new Stack({ TELEGRAM_API_ROOT: botApi.url });
  await stack.start();
  db = createDb(`file:${stack.dataDir}/atende.db`);
  token = await stack.signInAdmin();
  channelId = await stack.createChannel(token, {
    type: 'telegram',
    name: 'Bot',
    botToken: TOKEN,
    secret: SECRET,
    mode: 'webhook',
    csat: { enabled: true, window: '10 minutes' },
  });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  const code = await stack.stop();
  await botApi.stop();
  stack.cleanup();
  expect(code).toBe(0);
});

test('a resolved chat gets the rating keyboard; a button press is answered and stored', async () => {
  const user = 710001;
  await send(messageUpdate(user, { text: 'quero falar com um atendente' }));
  const chat = await waitFor(
    () => db.chat.findFirst({ where: { channelId, externalChatId: String(user) } }),
    (c) => c?.status === 'transferred',
  );
  const chatId = chat!.id;
  expect((await stack.request('POST', `/api/v1/chats/${chatId}/claim`, { token })).status).toBe(200);
  expect((await stack.request('POST', `/api/v1/chats/${chatId}/resolve`, { token, body: {} })).status).toBe(200);

  const [question] = await waitFor(
    async () =>
      botApi
        .callsOf('sendMessage')
        .filter((c) => String(c.params.chat_id) === String(user) && c.params.reply_markup !== undefined),
    (calls) => calls.length > 0,
  );
  const markup = question!.params.reply_markup as string | { inline_keyboard: { callback_data: string }[][] };
  const keyboard = (typeof markup === 'string' ? JSON.parse(markup) : markup) as {
    inline_keyboard: { text: string; callback_data: string }[][];
  };
  expect(keyboard.inline_keyboard[0]!.map((b) => b.callback_data)).toEqual([
    'csat:1',
    'csat:2',
    'csat:3',
    'csat:4',
    'csat:5',
  ]);

  const press = {
    update_id: 990001,
    callback_query: {
      id: 'cbq-710001',
      from: customer(user),
      message: {
        message_id: 77,
        date: Math.floor(Date.now() / 1000),
        chat: { id: user, type: 'private' },
        text: 'Como você avalia o atendimento?',
      },
      chat_instance: '1',
      data: 'csat:5',
    },
  };
  const res = await send(press);
  // Answered in the webhook's reply: Telegram runs the method it names.
  expect(res).toEqual({
    status: 200,
    body: { method: 'answerCallbackQuery', callback_query_id: 'cbq-710001' },
  });
  await waitFor(
    () => db.chat.findUniqueOrThrow({ where: { id: chatId } }),
    (c) => c.rating === 5,
  );
  // The comment question follows, as plain text.
  await waitFor(
    async () => botApi.callsOf('sendMessage').filter((c) => String(c.params.chat_id) === String(user)),
    (calls) => calls.some((c) => /comentário/.test(String(c.params.text))),
  );
  // The same press again (Telegram retrying) is one answer.
  await send(press);
  expect(await db.message.count({ where: { chatId, channelMessageId: 'callback:cbq-710001' } })).toBe(1);
  // The comment: the customer's next message, shown on the chat with the rating.
  await send(messageUpdate(user, { text: 'Resolveram rápido' }));
  await waitFor(
    () => db.chat.findUniqueOrThrow({ where: { id: chatId } }),
    (c) => c.feedback === 'Resolveram rápido',
  );
  const detail = await stack.request('GET', `/api/v1/chats/${chatId}`, { token });
  expect(detail.body).toMatchObject({ status: 'resolved', rating: 5, feedback: 'Resolveram rápido' });
});

test('a button Atende never sent is accepted and ignored', async () => {
  const res = await send({
    update_id: 990002,
    callback_query: {
      id: 'cbq-other',
      from: customer(710002),
      message: { message_id: 1, date: 1, chat: { id: 710002, type: 'private' } },
      chat_instance: '1',
      data: 'menu:open',
    },
  });
  expect(res.status).toBe(200);
  expect(await db.chat.count({ where: { externalChatId: '710002' } })).toBe(0);
});
