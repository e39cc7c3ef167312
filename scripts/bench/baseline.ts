/**
 * The benchmark's baseline: the same work per event as Atende, with no
 * orchestration. One process, Koa, the same signature check and zod schema,
 * the same bot, the same database writes (the very activity functions the
 * chat workflow runs) and the same signed callback; chat state in a Map
 * instead of a workflow. What it cannot do is the point of the product: it
 * survives no crash mid-exchange, retries nothing, and has no timers.
 *
 * Started by scripts/bench/run.ts as `tsx scripts/bench/baseline.ts` with
 * PORT and DATA_DIR set; prints "baseline listening" when ready.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import getRawBody from 'raw-body';
import { createActivities } from '../../activities';
import { ApiChannelEvent } from '../../src/channels/api/events';
import { sameSecret, verifySignature } from '../../src/channels/signature';
import { TelegramUpdate, telegramEvents } from '../../src/channels/telegram/updates';
import { defaultChannelSenders } from '../../src/channels/senders';
import { loadChannel } from '../../src/channels/store';
import { migrateDatabase } from '../../src/db/migrate';
import { channelEnvironment, channelSecretsOf, createBot, loadConfigOrExit, openDb } from '../../src/runtime';
import { MediaStore } from '../../src/media/mediaStore';
import { FRESH_BOT_MEMORY, type BotMemory } from '../../workflows/botPolicy';
import { planBotTurn } from '../../workflows/botTurn';
import { legacyChatWorkflowId } from '../../workflows/ids';
import { StatusMachine } from '../../workflows/statusMachine';
import type { ContactInfo, InboundMessage, Priority } from '../../workflows/types';

interface Conversation {
  chatId: string;
  machine: StatusMachine;
  bot: BotMemory;
  nextOutboundSeq: number;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await migrateDatabase(config.DATABASE_URL);
  const db = await openDb(config);
  const secrets = channelSecretsOf(config);
  const activities = createActivities({
    db,
    bot: createBot(config, db),
    senders: defaultChannelSenders(channelEnvironment(config), MediaStore.inDataDir(config.DATA_DIR)),
    secrets,
    // No workflows to tell: the baseline has no Temporal, and its chats never reach the human queue.
    notifyAssigned: async () => {},
  });
  const conversations = new Map<string, Conversation>();

  async function queue(chat: Conversation, channelId: string, intent: string, priority: Priority) {
    const now = new Date().toISOString();
    const found = await activities.queueChat({
      chatId: chat.chatId,
      channelId,
      lastIntent: intent,
      department: null,
      priority,
      since: now,
      passedOver: [],
      at: now,
    });
    if (!found.attendantId) return;
    const entry = chat.machine.transition('waiting_attendant', 'system', found.assignedAt ?? now, 'assigned');
    await activities.applyChatChanges({
      chatId: chat.chatId,
      entries: entry ? [entry] : [],
      outbound: [],
      chat: { status: chat.machine.status, priority: found.priority, context: { lastIntent: intent } },
    });
  }

  function openChat(channelId: string, externalChatId: string, contact: ContactInfo | undefined, now: string) {
    const chat: Conversation = {
      chatId: randomUUID(),
      machine: StatusMachine.fresh(),
      bot: FRESH_BOT_MEMORY,
      nextOutboundSeq: 1,
    };
    conversations.set(externalChatId, chat);
    return {
      chat,
      recorded: activities.recordChat({
        chatId: chat.chatId,
        // No workflow here: the column holds a name for the conversation, as the product's would.
        workflowId: legacyChatWorkflowId(channelId, externalChatId),
        channelId,
        externalChatId,
        contact,
        startedAt: now,
        entry: chat.machine.start(now, 'channel'),
      }),
    };
  }

  /** A customer's message: stored and classified, the bot's turn written, the answer sent after the ack. */
  async function answer(chat: Conversation, channelId: string, externalChatId: string, message: InboundMessage) {
    const now = message.receivedAt;
    const received = await activities.receiveMessage({
      chatId: chat.chatId,
      channelId,
      sender: 'customer',
      message,
      classify: true,
    });
    if (received.duplicate || !received.classification) return;
    const entries = [chat.machine.transition('in_progress', 'customer', now)];
    const turn = planBotTurn(received.classification, chat.bot);
    chat.bot = turn.memory;
    const reply = {
      messageId: `${chat.chatId}-out-${chat.nextOutboundSeq++}`,
      chatId: chat.chatId,
      channelId,
      externalChatId,
      sender: 'bot' as const,
      content: turn.reply,
      attendantId: null,
      createdAt: now,
    };
    entries.push(chat.machine.transition(turn.next, 'bot', now, turn.note));
    await activities.applyChatChanges({
      chatId: chat.chatId,
      entries: entries.filter((e) => e !== null),
      annotation: { messageId: received.messageId, sentAt: message.sentAt, ...turn.annotation },
      outbound: [reply],
      chat: {
        status: chat.machine.status,
        priority: received.classification.priority,
        context: { lastIntent: received.classification.intent },
      },
    });
    // After the answer, as the product's outbox does; no retries here.
    setImmediate(() => void activities.deliverMessage(reply).catch(() => undefined));
    // A hand-off: the same queue step as the product's (route, queue, seat), after the answer too.
    if (turn.next === 'transferred') {
      const { intent, priority } = received.classification;
      setImmediate(() => void queue(chat, channelId, intent, priority).catch(() => undefined));
    }
  }

  /** The Telegram webhook: the same secret check, schema and mapping as the product's; the first message opens the chat. */
  async function telegram(ctx: Koa.Context, channelId: string) {
    const channel = await loadChannel(db, channelId, secrets);
    if (!channel) return void (ctx.status = 404);
    const raw = await getRawBody(ctx.req, { limit: '1mb' });
    const secret = String(channel.credentials.secret);
    if (!sameSecret(secret, ctx.get('x-telegram-bot-api-secret-token') || undefined)) return void (ctx.status = 401);
    const parsed = TelegramUpdate.safeParse(JSON.parse(raw.toString('utf8')));
    if (!parsed.success) return void (ctx.status = 400);
    for (const event of telegramEvents(parsed.data, new Date())) {
      if (event.kind !== 'message') continue;
      let chat = conversations.get(event.externalChatId);
      if (!chat) {
        const opened = openChat(channel.id, event.externalChatId, event.contact, event.message.receivedAt);
        await opened.recorded;
        chat = opened.chat;
      }
      await answer(chat, channel.id, event.externalChatId, event.message);
    }
    ctx.status = 200;
    ctx.body = { ok: true };
  }

  const app = new Koa();
  app.use(async (ctx) => {
    const telegramMatch = /^\/webhooks\/telegram\/([^/]+)$/.exec(ctx.path);
    if (ctx.method === 'POST' && telegramMatch) return telegram(ctx, telegramMatch[1]!);
    const match = /^\/webhooks\/api\/([^/]+)$/.exec(ctx.path);
    if (ctx.method !== 'POST' || !match) return void (ctx.status = 404);
    const channel = await loadChannel(db, match[1]!, secrets);
    if (!channel) return void (ctx.status = 404);
    const raw = await getRawBody(ctx.req, { limit: '256kb' });
    if (!verifySignature(String(channel.credentials.secret), raw, ctx.get('x-atende-signature') || undefined)) {
      return void (ctx.status = 401);
    }
    const parsed = ApiChannelEvent.safeParse(JSON.parse(raw.toString('utf8')));
    if (!parsed.success) return void (ctx.status = 400);
    const event = parsed.data;
    const now = new Date().toISOString();

    if (event.type === 'NEW_CONVERSATION') {
      const { chat, recorded } = openChat(channel.id, event.data.id, event.data.contact, now);
      await recorded;
      ctx.status = 202;
      ctx.body = { chatId: chat.chatId };
      return;
    }
    if (event.type !== 'NEW_MESSAGE') return void (ctx.status = 202);
    const chat = conversations.get(event.data.conversation_id);
    if (!chat) return void (ctx.status = 404);
    await answer(chat, channel.id, event.data.conversation_id, {
      channelMessageId: event.data.id,
      direction: 'received',
      type: 'text',
      content: event.data.content,
      sentAt: event.timestamp,
      receivedAt: now,
    });
    ctx.status = 202;
    ctx.body = { chatId: chat.chatId };
  });

  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 60_000;
  server.listen(config.PORT, '127.0.0.1', () => console.log(`baseline listening on ${config.PORT}`));
  process.on('SIGTERM', () => server.close(() => void db.$disconnect().then(() => process.exit(0))));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
