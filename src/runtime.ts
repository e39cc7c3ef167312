import http from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker, type WorkerOptions } from '@temporalio/worker';
import { createApp } from './api/app';
import type { ApiDeps } from './api/deps';
import { TokenService } from './auth/tokens';
import { Bot } from './bot/bot';
import { createClassifier } from './bot/createClassifier';
import { DbKnowledge } from './bot/knowledge/knowledgeSource';
import { ensureAdmin } from './bootstrap/admin';
import { InboundInbox } from './channels/inbox/inboundInbox';
import { temporalConnectionOptions } from './temporal/connectionOptions';
import { resolveJwtSecret } from './bootstrap/jwtSecret';
import { defaultChannelSenders, defaultMediaFetchers } from './channels/senders';
import type { ChannelEnvironment } from './channels/types';
import { MediaStore } from './media/mediaStore';
import { startMediaSweeps } from './media/orphans';
import { TelegramClients } from './channels/telegram/botApi';
import { TelegramPolling } from './channels/telegram/polling';
import { ChatGateway } from './chats/gateway';
import { ChatWorkflowIds } from './chats/workflowIds';
import { EventFeed } from './events/eventFeed';
import { ensureRetentionSchedule } from './retention/schedule';
import { ConfigError, loadConfig, type Config } from './config/env';
import { createDb, enableWal, type Db } from './db/client';
import { logger } from './logger';
import { createChatWorker } from './temporal/worker';
import { chatSettings } from './config/chatSettings';
import { resolveKeyring, type Keyring } from './crypto/keyring';
import { EncryptionCodec } from './temporal/encryptionCodec';
import { DataKeys } from './privacy/dataKeys';
import { ChannelSecrets } from './channels/channelSecrets';
import type { DataConverter } from '@temporalio/common';
import { codecHosts, startCodecServer, type CodecAccess, webUiOrigins } from './temporal/codecServer';
import { msToNumber } from '@temporalio/common/lib/time';
import { CallbackTargets } from './channels/api/callbackTarget';
import { WebhookSender } from './webhooks/sender';
import { WebhookWorkflows } from './webhooks/workflows';

/** Composition shared by `npm start`, `npm run api` and `npm run worker`. */

export function loadConfigOrExit(): Config {
  try {
    const config = loadConfig();
    logger.level = config.LOG_LEVEL;
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

export function temporalAddress(config: Config): string {
  return config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_PORT}`;
}

export async function openDb(config: Config): Promise<Db> {
  const db = createDb(config.DATABASE_URL);
  await enableWal(db, config.DATABASE_URL);
  return db;
}

/** Creates the first admin when there is none, printing a generated password once. */
export async function bootstrapAdmin(config: Config, db: Db): Promise<void> {
  const admin = await ensureAdmin(db, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
  if (!admin.created) return;
  console.log(`• first admin created: ${admin.email}`);
  if (admin.generatedPassword) console.log(`  generated password (shown once): ${admin.generatedPassword}`);
}

/** Where the channels' outside services are (tests point them at local stand-ins). */
export function channelEnvironment(config: Config): ChannelEnvironment {
  return {
    telegramApiRoot: config.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    whatsappApiUrl: config.WHATSAPP_API_URL.replace(/\/+$/, ''),
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL.replace(/\/+$/, '') } : {}),
    allowPrivateCallbacks: config.NODE_ENV !== 'production' || config.ALLOW_PRIVATE_CALLBACKS,
  };
}

/** The keys of this deployment (ENCRYPTION_KEYS, or the one generated into DATA_DIR). */
export function keyringOf(config: Config): Keyring {
  return resolveKeyring(config.ENCRYPTION_KEYS, config.DATA_DIR);
}

export function channelSecretsOf(config: Config): ChannelSecrets {
  return new ChannelSecrets(keyringOf(config));
}

const dataKeysByDb = new WeakMap<Db, DataKeys>();

/** The chats' data keys of this process (one cache for its client, worker and erasures). */
export function dataKeysOf(config: Config, db: Db): DataKeys {
  let keys = dataKeysByDb.get(db);
  if (!keys) dataKeysByDb.set(db, (keys = new DataKeys(db, keyringOf(config))));
  return keys;
}

/**
 * What every client and worker of the product sends through Temporal is
 * encrypted (see EncryptionCodec); with the database, each chat's payloads
 * under its conversation's own data key (crypto-shredding).
 */
export function dataConverterOf(config: Config, db?: Db | null): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keyringOf(config), db ? dataKeysOf(config, db) : null)] };
}

/** The access tokens of this deployment (JWT_SECRET, or the one generated into DATA_DIR). */
export function tokenServiceOf(config: Config): TokenService {
  return new TokenService(resolveJwtSecret(config.JWT_SECRET, config.DATA_DIR));
}

/**
 * Who may use the Web UI's codec endpoint. In production, only a supervisor
 * or admin with an Atende access token, checked against `db`; elsewhere
 * anyone past the Host and origin checks, since the embedded dev server's UI
 * cannot send Atende tokens (README, Security).
 */
export function codecAccessOf(config: Config, db: Db | null): CodecAccess {
  const production = config.NODE_ENV === 'production';
  if (production && !db) throw new Error('the codec endpoint needs the database in production, to check credentials');
  return {
    allowedOrigins: config.CODEC_ALLOWED_ORIGINS ?? webUiOrigins(config.HOST, config.TEMPORAL_UI_PORT),
    allowedHosts: config.CODEC_ALLOWED_HOSTS ?? codecHosts(config.HOST, config.CODEC_PORT),
    auth: production ? { tokens: tokenServiceOf(config), db: db! } : null,
  };
}

/** The Temporal Web UI's codec endpoint on HOST:CODEC_PORT (npm start beside the dev server, or npm run codec-server). */
export function startCodecEndpoint(config: Config, db: Db | null) {
  return startCodecServer({
    codec: new EncryptionCodec(keyringOf(config), db ? dataKeysOf(config, db) : null),
    host: config.HOST,
    port: config.CODEC_PORT,
    access: codecAccessOf(config, db),
    logger,
  });
}

export async function connectClient(config: Config, address: string, db?: Db): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(config, address));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterOf(config, db) });
}

/**
 * The daily retention schedule (src/retention/schedule.ts), made or brought
 * up to date at start. A server that refuses it (no schedules, no permission)
 * is logged as an error and does not stop the chats: the next start tries again.
 */
export async function ensureRetentionScheduleOf(
  config: Config,
  client: Client,
): Promise<'created' | 'updated' | 'unchanged' | 'failed'> {
  try {
    return await ensureRetentionSchedule(client, {
      cron: config.RETENTION_SCHEDULE,
      timeZone: config.BOT_TIMEZONE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
    });
  } catch (err) {
    logger.error({ err: (err as Error).message }, 'retention schedule could not be created or updated');
    return 'failed';
  }
}

/** The bot of a worker: the configured classifier over the database's finished trainings. */
export function createBot(config: Config, db: Db): Bot {
  return new Bot({
    classifier: createClassifier(config, logger),
    knowledge: new DbKnowledge(db),
    timeZone: config.BOT_TIMEZONE,
  });
}

export async function startWorker(
  config: Config,
  address: string,
  db: Db,
  /** A prebuilt workflow bundle instead of workflows/ (the rolling-deploy test's next release). */
  bundle?: WorkerOptions['workflowBundle'],
): Promise<{ worker: Worker; running: Promise<void>; connection: NativeConnection; shutdown: () => void }> {
  // The SDK logs every bundling step at INFO; keep its own output to warnings.
  // We own SIGINT/SIGTERM (onShutdown), so the SDK must not stop the worker by itself.
  Runtime.install({
    logger: new DefaultLogger(config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN'),
    shutdownSignals: [],
  });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config, address));
  const stopping = new AbortController();
  const worker = await createChatWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps: {
      db,
      bot: createBot(config, db),
      senders: defaultChannelSenders(channelEnvironment(config), MediaStore.inDataDir(config.DATA_DIR)),
      secrets: channelSecretsOf(config),
      timeZone: config.BOT_TIMEZONE,
      media: MediaStore.inDataDir(config.DATA_DIR),
      webhooks: {
        sender: new WebhookSender(new CallbackTargets(channelEnvironment(config).allowPrivateCallbacks)),
        retryWindowMs: msToNumber(config.WEBHOOK_RETRY_WINDOW),
        keepSettledMs: msToNumber(config.WEBHOOK_DELIVERY_RETENTION),
        stopping: stopping.signal,
      },
    },
    maxCachedChats: config.WORKER_MAX_CACHED_CHATS,
    shutdownGraceTime: config.WORKER_SHUTDOWN_GRACE,
    ...(bundle ? { bundle } : {}),
    dataConverter: dataConverterOf(config, db),
  });
  const running = worker.run();
  // Every active event-webhook subscription has its workflow: now, and again every few minutes.
  const stopSupervising = new WebhookWorkflows(
    new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterOf(config) }),
    config.TEMPORAL_TASK_QUEUE,
  ).supervise(db, logger);
  void running.then(stopSupervising, stopSupervising);
  /** Drains: no new tasks; a waiting webhook intake returns now; running activities get WORKER_SHUTDOWN_GRACE. */
  const shutdown = () => {
    stopping.abort();
    worker.shutdown();
  };
  return { worker, running, connection, shutdown };
}

/** The API's HTTP server and what it runs beside it (the live event feed). */
export interface RunningApi {
  server: http.Server;
  close(): Promise<void>;
}

/** The one gateway of a process from the chats' callers (webhooks, polling, commands) to their workflows. */
export function chatGatewayOf(config: Config, db: Db, temporal: Client): ChatGateway {
  return new ChatGateway(
    temporal,
    db,
    config.TEMPORAL_TASK_QUEUE,
    chatSettings(config),
    new ChatWorkflowIds(keyringOf(config)),
  );
}

export async function startApi(config: Config, db: Db, temporal: Client, gateway: ChatGateway): Promise<RunningApi> {
  const events = new EventFeed(db, logger);
  await events.start();
  const media = MediaStore.inDataDir(config.DATA_DIR);
  // Files no message names (a command whose answer was lost, a crash) go once an hour old.
  const stopSweeps = startMediaSweeps(db, media, logger);
  const inbox = new InboundInbox(db, gateway, logger, { minEvents: config.WEBHOOK_INBOX_MIN_EVENTS });
  inbox.start();
  const deps: ApiDeps = {
    db,
    temporal,
    gateway,
    tokens: tokenServiceOf(config),
    logger,
    channels: {
      env: channelEnvironment(config),
      media,
      fetchers: defaultMediaFetchers(channelEnvironment(config)),
      secrets: channelSecretsOf(config),
    },
    events,
    inbox,
    ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}),
    webhookRateLimit: config.WEBHOOK_RATE_LIMIT,
    ...(config.TRUST_PROXY !== undefined ? { trustProxy: config.TRUST_PROXY } : {}),
    timeZone: config.BOT_TIMEZONE,
    dataKeys: dataKeysOf(config, db),
    apiTokenRateLimit: config.API_TOKEN_RATE_LIMIT,
    requireAdmin2fa: config.REQUIRE_ADMIN_2FA,
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
    webhooks: { taskQueue: config.TEMPORAL_TASK_QUEUE, retryWindowMs: msToNumber(config.WEBHOOK_RETRY_WINDOW) },
  };
  const server = http.createServer(createApp(deps).callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  return {
    server,
    async close() {
      // Live event streams never go idle: end them, or the server would wait for them forever.
      events.stop();
      stopSweeps();
      await closeServer(server);
      // After the server: no webhook is still writing a batch it would start.
      await inbox.stop();
    },
  };
}

/** Long-polls Telegram for the channels in polling mode (a machine with no public URL). */
export async function startTelegramPolling(config: Config, db: Db, gateway: ChatGateway): Promise<TelegramPolling> {
  const polling = new TelegramPolling(
    db,
    gateway,
    new TelegramClients(channelEnvironment(config).telegramApiRoot),
    logger,
    channelSecretsOf(config),
  );
  await polling.start();
  return polling;
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits with its outcome. `stop`
 * is called inside the signal handler: what it does before its first `await`
 * happens before anything else (`npm start` stops supervising the dev server there).
 */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: stopping…`);
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
