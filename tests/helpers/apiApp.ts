import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, fetch as fetchFrom } from 'undici';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { ChatGateway } from '../../src/chats/gateway';
import type { ApiDeps } from '../../src/api/deps';
import type { ChannelEnvironment } from '../../src/channels/types';
import { defaultMediaFetchers } from '../../src/channels/senders';
import { MediaStore } from '../../src/media/mediaStore';
import { EventFeed } from '../../src/events/eventFeed';
import { TokenService } from '../../src/auth/tokens';
import type { TrustProxy } from '../../src/http/clientAddress';
import { logger } from '../../src/logger';
import { DEFAULT_CHAT_SETTINGS, type Role } from '../../workflows/types';
import { createTestDatabase } from './database';
import { createDb, type Db } from '../../src/db/client';
import { freePort } from './stack';
import { TEST_SECRETS, TEST_WORKFLOW_IDS, UNREACHABLE_CHANNEL_SERVICES } from './channelServices';
import { PHONE_NUMBER_ID } from './whatsappPayloads';

/**
 * The real Koa app in this process, over real HTTP on loopback and a real
 * migrated SQLite file. Its Temporal client points at a port where nothing
 * listens (unless `temporalAddress` is given): what these tests reach must answer before any chat workflow
 * would (authentication, roles, validation, reads), and a test that needs a
 * workflow belongs in tests/e2e/.
 */
export class ApiApp {
  /** `shareWith`: a second API process on the first one's database file (its own connection and event feed). */
  constructor(
    private readonly shareWith?: ApiApp,
    private readonly options: {
      metricsToken?: string;
      webhookRateLimit?: number;
      allowPrivateCallbacks?: boolean;
      /** As TRUST_PROXY: proxies trusted to name the client in X-Forwarded-For. */
      trustProxy?: TrustProxy;
      /** A Temporal server that answers (default: a port where nothing listens). */
      temporalAddress?: string;
      /** The app's database client instead of the fresh file's (its event feed still reads the file). */
      db?: Db;
      /** Where the Telegram and Graph APIs are (stand-ins of tests/fakes); default: nowhere. */
      channelServices?: Partial<ChannelEnvironment>;
      /** As BOT_TIMEZONE: the company's time zone (default America/Sao_Paulo). */
      timeZone?: string;
      /** As REQUIRE_ADMIN_2FA. */
      requireAdmin2fa?: boolean;
      /** As API_TOKEN_RATE_LIMIT (default 600/minute). */
      apiTokenRateLimit?: { points: number; duration: number };
      /** Event webhooks' task queue and retry window (default "chats", 24 hours). */
      webhooks?: ApiDeps['webhooks'];
    } = {},
  ) {}

  database!: Awaited<ReturnType<typeof createTestDatabase>>;
  private server!: http.Server;
  private client!: Client;
  private readonly tokens = new TokenService('t'.repeat(32));
  private counter = 0;
  /** What the app was built from (tests list its routers). */
  deps!: ApiDeps;
  /** The app's live event feed, polled every 50 ms here; its viewers re-read every 200 ms when no event comes. */
  events!: EventFeed;

  async start(): Promise<this> {
    this.database = this.shareWith ? openSharedDatabase(this.shareWith.database) : await createTestDatabase();
    this.events = new EventFeed(this.database.db, logger, 50, { viewerCheckMs: 200 });
    await this.events.start();
    const { allowPrivateCallbacks = true, temporalAddress, db, channelServices, ...options } = this.options;
    this.client = new Client({
      connection: Connection.lazy({ address: temporalAddress ?? `127.0.0.1:${await freePort()}` }),
    });
    const channelEnv = { ...UNREACHABLE_CHANNEL_SERVICES, ...channelServices, allowPrivateCallbacks };
    this.deps = {
      db: db ?? this.database.db,
      temporal: this.client,
      gateway: new ChatGateway(this.client, db ?? this.database.db, 'chats', DEFAULT_CHAT_SETTINGS, TEST_WORKFLOW_IDS),
      tokens: this.tokens,
      logger,
      channels: {
        env: channelEnv,
        media: MediaStore.inDataDir(this.database.dir),
        fetchers: defaultMediaFetchers(UNREACHABLE_CHANNEL_SERVICES),
        secrets: TEST_SECRETS,
      },
      events: this.events,
      ...options,
    };
    const app = createApp(this.deps);
    this.server = http.createServer(app.callback());
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.events?.stop();
    await Promise.all([...this.agents.values()].map((agent) => agent.close()));
    await new Promise((resolve) => this.server?.close(resolve));
    await this.client?.connection.close();
    await this.database?.cleanup();
  }

  get db() {
    return this.database.db;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A channel row of `type` with its settings and credentials (stored plain, as before sealing); its id. */
  async addChannel(type: string, settings: object = {}, credentials: object = {}): Promise<string> {
    const data = { type, name: type, settings: JSON.stringify(settings), credentials: JSON.stringify(credentials) };
    return (await this.db.channel.create({ data })).id;
  }

  /** A WhatsApp channel on the test phone number id, signing with `appSecret` (verify token `verify-me`). */
  addWhatsAppChannel(appSecret: string): Promise<string> {
    return this.addChannel(
      'whatsapp',
      { phoneNumberId: PHONE_NUMBER_ID },
      { accessToken: 'EAAfake', appSecret, verifyToken: 'verify-me' },
    );
  }

  /**
   * Chat rows as a chat's workflow leaves them (`waiting_attendant` unless
   * told), by id, on one new API channel and contact named `contactName`.
   */
  async seedChats(
    chats: Record<string, Record<string, unknown>>,
    contactName = 'Cliente',
  ): Promise<{ channelId: string; contactId: string }> {
    const channelId = await this.addChannel('api');
    const contact = await this.db.contact.create({
      data: { name: contactName, identities: { create: { channelId, externalId: 'x' } } },
    });
    for (const [id, data] of Object.entries(chats)) {
      await this.db.chat.create({
        data: {
          id,
          workflowId: id,
          channelId,
          externalChatId: id,
          contactId: contact.id,
          status: 'waiting_attendant',
          startedAt: new Date(),
          ...data,
        },
      });
    }
    return { channelId, contactId: contact.id };
  }

  /** An attendant of `role` in the database, and a valid access token for them (for `ttlSeconds`, default 15 minutes). */
  async as(
    role: Role,
    data: Record<string, unknown> = {},
    { ttlSeconds }: { ttlSeconds?: number } = {},
  ): Promise<{ id: string; token: string }> {
    const n = ++this.counter;
    const row = await this.db.attendant.create({
      data: { name: `${role} ${n}`, email: `${role}-${n}@example.com`, passwordHash: 'x', role, ...data },
    });
    return { id: row.id, token: this.tokens.access(row, ttlSeconds) };
  }

  /** An attendant of `role` in `db` (the `db` option's, e.g. PostgreSQL), and a valid access token for them. */
  async asIn(db: Db, role: Role, data: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
    const n = ++this.counter;
    const row = await db.attendant.create({
      data: { name: `${role} ${n}`, email: `${role}-${n}-${Date.now()}@example.com`, passwordHash: 'x', role, ...data },
    });
    return { id: row.id, token: this.tokens.access(row) };
  }

  /** `body` goes as JSON; `raw` as given (webhooks), with `headers`; `from`: a loopback address to connect from (127.0.0.2…). */
  async request(
    method: string,
    path: string,
    opts: {
      token?: string;
      body?: unknown;
      raw?: string | Buffer;
      headers?: Record<string, string>;
      from?: string;
    } = {},
  ) {
    const send = opts.from ? (url: string, init: RequestInit) => this.fromAddress(opts.from!, url, init) : fetch;
    const res = await send(`${this.url}${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined
        ? { body: JSON.stringify(opts.body) }
        : opts.raw !== undefined
          ? { body: opts.raw }
          : {}),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, headers: res.headers, body: body as any };
  }

  private readonly agents = new Map<string, Agent>();

  /** A request whose socket is bound to `address` (any of 127.0.0.0/8 reaches the server on loopback). */
  private async fromAddress(address: string, url: string, init: RequestInit): Promise<Response> {
    let agent = this.agents.get(address);
    if (!agent) this.agents.set(address, (agent = new Agent({ localAddress: address })));
    return (await fetchFrom(url, { ...(init as object), dispatcher: agent })) as unknown as Response;
  }

  /** The outline habit: every protected route answers 401 without a token, with the JSON error shape. */
  async expectAuthRequired(method: string, path: string, body?: unknown): Promise<void> {
    const res = await this.request(method, path, { body });
    if (res.status !== 401 || res.body?.error?.code === undefined) {
      throw new Error(`${method} ${path} without a token answered ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
}

function openSharedDatabase(of: Awaited<ReturnType<typeof createTestDatabase>>) {
  const db = createDb(of.url);
  return { ...of, db, cleanup: () => db.$disconnect() };
}
