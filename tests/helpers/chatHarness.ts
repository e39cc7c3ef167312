import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Bot } from '../../src/bot/bot';
import { KeywordClassifier } from '../../src/bot/classifier';
import type { ChannelEnvironment } from '../../src/channels/types';
import { DbKnowledge } from '../../src/bot/knowledge/knowledgeSource';
import { TEST_SECRETS, TEST_WORKFLOW_IDS, testChannelSenders } from './channelServices';
import { temporalCliPath, temporalTestServerPath } from '../../src/temporal/binaries';
import { registerSearchAttributes } from '../../src/temporal/registerSearchAttributes';
import { createChatWorker, WORKFLOWS_PATH } from '../../src/temporal/worker';
import { channelEventSignal, chatWorkflowV2, stateQuery } from '../../workflows/chat';
import type { ChatStart, ChatView, InboundMessage } from '../../workflows/types';
import { startCallbackReceiver } from './callbackReceiver';
import { createTestDatabase } from './database';
import { quietLogger } from './quietTemporal';
import { waitFor } from './wait';

/**
 * Everything a workflow test file needs, all real: the time-skipping Temporal
 * server, a migrated SQLite file, the real activities, and a local HTTP
 * receiver standing in for the API channel's callbackUrl.
 */
export class ChatHarness {
  env!: TestWorkflowEnvironment;
  bundle!: WorkflowBundleWithSourceMap;
  database!: Awaited<ReturnType<typeof createTestDatabase>>;
  receiver!: Awaited<ReturnType<typeof startCallbackReceiver>>;
  refusing!: Awaited<ReturnType<typeof startCallbackReceiver>>;
  channelId!: string;
  refusingChannelId!: string;
  /** Answers 503 twice, then 200. */
  flaky!: Awaited<ReturnType<typeof startCallbackReceiver>>;
  flakyChannelId!: string;
  private counter = 0;
  private taskQueue = 'chat-test';

  /**
   * `dev`: the real dev server, for what the time-skipping server does not model faithfully.
   * `dataConverter`: the client's and workers' (e.g. the product's, with its EncryptionCodec).
   */
  constructor(
    private readonly server: 'time-skipping' | 'dev' = 'time-skipping',
    private readonly dataConverter?: DataConverter,
  ) {}

  async setUp(): Promise<void> {
    const client = this.dataConverter ? { client: { dataConverter: this.dataConverter } } : {};
    this.env =
      this.server === 'dev'
        ? await TestWorkflowEnvironment.createLocal({
            server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1', ui: false },
            ...client,
          })
        : await TestWorkflowEnvironment.createTimeSkipping({
            server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
            ...client,
          });
    await registerSearchAttributes(this.env.connection, 'default');
    this.bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
    this.database = await createTestDatabase();
    this.receiver = await startCallbackReceiver();
    this.refusing = await startCallbackReceiver(() => 410);
    this.channelId = await this.createChannel(this.receiver.url);
    this.refusingChannelId = await this.createChannel(this.refusing.url);
    this.flaky = await startCallbackReceiver((n) => (n <= 2 ? 503 : 200));
    this.flakyChannelId = await this.createChannel(this.flaky.url);
    for (const [id, role] of [
      ['ana', 'attendant'],
      ['bob', 'attendant'],
      ['admin-1', 'admin'],
    ] as const) {
      await this.db.attendant.create({ data: { id, name: id, email: `${id}@example.com`, passwordHash: 'x', role } });
    }
  }

  async tearDown(): Promise<void> {
    await this.env?.teardown();
    await this.receiver?.close();
    await this.refusing?.close();
    await this.flaky?.close();
    await this.database?.cleanup();
  }

  get db() {
    return this.database.db;
  }

  /**
   * An API channel whose callbacks go to `callbackUrl`. Its satisfaction survey is off unless
   * `settings` turns it on: the tests of everything else end a resolved chat at once.
   */
  async createChannel(callbackUrl: string, settings: Record<string, unknown> = {}): Promise<string> {
    const channel = await this.db.channel.create({
      data: {
        type: 'api',
        name: 'test',
        credentials: JSON.stringify({ secret: 's3cret' }),
        settings: JSON.stringify({ callbackUrl, csat: { enabled: false }, ...settings }),
      },
    });
    return channel.id;
  }

  /** The real bot over this harness's database (its trainings feed it). */
  bot(): Bot {
    return new Bot({
      classifier: new KeywordClassifier(),
      knowledge: new DbKnowledge(this.db),
      timeZone: 'America/Sao_Paulo',
    });
  }

  /** The task queue of the last worker made (for workflows other than chats). */
  get currentTaskQueue(): string {
    return this.taskQueue;
  }

  /** A worker on a task queue of its own, so one test's leftovers never reach the next. */
  newWorker(channels?: ChannelEnvironment): Promise<Worker> {
    this.taskQueue = `chat-test-${++this.counter}`;
    return createChatWorker({
      connection: this.env.nativeConnection,
      namespace: 'default',
      taskQueue: this.taskQueue,
      deps: { db: this.db, bot: this.bot(), senders: testChannelSenders(channels), secrets: TEST_SECRETS },
      bundle: this.bundle,
      ...(this.dataConverter ? { dataConverter: this.dataConverter } : {}),
    });
  }

  message(content: string, id = `m-${++this.counter}`): InboundMessage {
    const now = new Date().toISOString();
    return { channelMessageId: id, direction: 'received', type: 'text', content, sentAt: now, receivedAt: now };
  }

  chatStart(conversation: string, channel = this.channelId, settings: ChatStart['settings'] = {}): ChatStart {
    return {
      channelId: channel,
      channelType: 'api',
      externalChatId: conversation,
      contact: { name: 'Maria', phone: '+55 11 99999-0000' },
      settings: { inactivityTimeout: '1 hour', ...settings },
    };
  }

  /** signalWithStart, exactly as the webhook does it (`memo`: as the gateway sets it). */
  async send(start: ChatStart, message: InboundMessage, memo?: Record<string, unknown>) {
    return this.env.client.workflow.signalWithStart(chatWorkflowV2, {
      taskQueue: this.taskQueue,
      workflowId: TEST_WORKFLOW_IDS.of(start.channelId, start.externalChatId),
      args: [start],
      ...(memo ? { memo } : {}),
      signal: channelEventSignal,
      signalArgs: [{ type: 'message', message }],
    });
  }

  async startChat(
    first: InboundMessage,
    opts: { channel?: string; conversation?: string; settings?: ChatStart['settings'] } = {},
  ) {
    const start = this.chatStart(opts.conversation ?? `conv-${++this.counter}`, opts.channel, opts.settings);
    const handle = await this.send(start, first);
    return { handle, start };
  }

  untilStatus(handle: ChatHandle, status: ChatView['status']): Promise<ChatView> {
    return waitFor(
      () => handle.query(stateQuery),
      (s) => s.status === status,
    );
  }
}

export type ChatHandle = Awaited<ReturnType<ChatHarness['send']>>;
