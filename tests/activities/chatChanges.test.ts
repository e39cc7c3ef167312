import { Bot } from '../../src/bot/bot';
import { KeywordClassifier } from '../../src/bot/classifier';
import { DbKnowledge } from '../../src/bot/knowledge/knowledgeSource';
import { TEST_SECRETS, testChannelSenders } from '../helpers/channelServices';
import { createChatChangeActivities } from '../../activities/chatChanges';
import { createChatActivities } from '../../activities/chatStore';
import type { ChatChanges } from '../../workflows/readModel';
import { createTestDatabase } from '../helpers/database';

// The local activities of a chat step run again when a worker is lost in the
// middle of a workflow task: the second run must find its rows and change nothing.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let activities: ReturnType<typeof createChatChangeActivities> & ReturnType<typeof createChatActivities>;
let channelId = '';

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const bot = new Bot({
    classifier: new KeywordClassifier(),
    knowledge: new DbKnowledge(db),
    timeZone: 'America/Sao_Paulo',
  });
  activities = {
    ...createChatChangeActivities({ db, bot, senders: testChannelSenders(), secrets: TEST_SECRETS }),
    ...createChatActivities({ db }),
  };
  channelId = (await db.channel.create({ data: { type: 'api', name: 'c' } })).id;
});
afterAll(() => database.cleanup());

async function openChat(chatId: string) {
  const at = new Date().toISOString();
  await activities.recordChat({
    chatId,
    workflowId: `chat-${channelId}-${chatId}`,
    channelId,
    externalChatId: chatId,
    startedAt: at,
    entry: { seq: 1, at, from: null, to: 'waiting', actor: 'channel' },
  });
}

const message = (id: string) => {
  const at = new Date().toISOString();
  return {
    channelMessageId: id,
    direction: 'received' as const,
    type: 'text' as const,
    content: 'Preciso da segunda via do boleto',
    sentAt: at,
    receivedAt: at,
  };
};

test('a message stored twice is one row; another chat sees it as a duplicate', async () => {
  await openChat('chat-a');
  await openChat('chat-b');
  const first = await activities.receiveMessage({
    chatId: 'chat-a',
    channelId,
    sender: 'customer',
    message: message('m-1'),
    classify: true,
  });
  const again = await activities.receiveMessage({
    chatId: 'chat-a',
    channelId,
    sender: 'customer',
    message: message('m-1'),
    classify: true,
  });
  expect(first).toMatchObject({ duplicate: false, classification: { intent: 'billing' } });
  expect(again).toMatchObject({ messageId: first.messageId, duplicate: false });
  const elsewhere = await activities.receiveMessage({
    chatId: 'chat-b',
    channelId,
    sender: 'customer',
    message: message('m-1'),
    classify: true,
  });
  expect(elsewhere).toMatchObject({ messageId: first.messageId, duplicate: true, classification: null });
  expect(await database.db.message.count({ where: { channelMessageId: 'm-1' } })).toBe(1);
});

test('a step written twice leaves the rows of one', async () => {
  await openChat('chat-c');
  const { messageId } = await activities.receiveMessage({
    chatId: 'chat-c',
    channelId,
    sender: 'customer',
    message: message('m-2'),
    classify: true,
  });
  const at = new Date().toISOString();
  const changes: ChatChanges = {
    chatId: 'chat-c',
    entries: [
      { seq: 2, at, from: 'waiting', to: 'in_progress', actor: 'customer' },
      { seq: 3, at, from: 'in_progress', to: 'waiting_customer', actor: 'bot', note: 'answered billing' },
    ],
    annotation: {
      messageId,
      sentAt: at,
      intent: 'billing',
      confidence: 0.9,
      // One CPF fills the contact's; of two e-mails, which is theirs? Neither.
      entities: { cpf: ['52998224725'], email: ['um@example.com', 'dois@example.com'] },
      botDraft: null,
      answerSource: 'builtin:billing',
    },
    outbound: [
      {
        messageId: 'chat-c-out-1',
        chatId: 'chat-c',
        channelId,
        externalChatId: 'chat-c',
        sender: 'bot',
        content: 'Aqui está',
        attendantId: null,
        createdAt: at,
      },
    ],
    chat: { status: 'waiting_customer', priority: 'normal', attendantId: null, context: { lastIntent: 'billing' } },
  };
  await activities.applyChatChanges(changes);
  await activities.applyChatChanges(changes);
  const chat = await database.db.chat.findUniqueOrThrow({
    where: { id: 'chat-c' },
    include: { statusChanges: true, messages: true },
  });
  expect(chat.status).toBe('waiting_customer');
  expect(chat.statusChanges.map((s) => s.seq).sort()).toEqual([1, 2, 3]);
  expect(chat.messages.map((m) => [m.sender, m.deliveryStatus])).toEqual(
    expect.arrayContaining([
      ['customer', null],
      ['bot', 'pending'],
    ]),
  );
  expect(chat.messages).toHaveLength(2);
  expect(chat.messages.find((m) => m.sender === 'customer')).toMatchObject({ intent: 'billing', confidence: 0.9 });
  const contact = await database.db.contact.findUniqueOrThrow({ where: { id: chat.contactId } });
  expect(contact).toMatchObject({ cpf: '52998224725', email: null });
  expect(JSON.parse(contact.sources)).toEqual({ cpf: { source: 'message', messageId } });
});
