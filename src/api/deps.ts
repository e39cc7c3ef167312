import type { InboundInbox } from '../channels/inbox/inboundInbox';
import type { Client } from '@temporalio/client';
import type { TokenService } from '../auth/tokens';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { ChatGateway } from '../chats/gateway';
import type { MediaFetchers } from '../channels/types';
import type { ChannelEnvironment } from '../channels/types';
import type { MediaStore } from '../media/mediaStore';
import type { EventFeed } from '../events/eventFeed';
import type { ChannelSecrets } from '../channels/channelSecrets';
import type { TrustProxy } from '../http/clientAddress';
import type { DataKeys } from '../privacy/dataKeys';
import type { ApiTokenRateLimit } from '../auth/apiTokens';

/** What the API needs; built once at boot and shared by every request. */
export interface ApiDeps {
  db: Db;
  temporal: Client;
  tokens: TokenService;
  /** Channel events and attendant commands to the chats' workflows: one per process, built by the composition root. */
  gateway: ChatGateway;
  logger: Logger;
  /** Where channel services are, where files live, how each channel type hands over a file, and the key to channel credentials. */
  channels: { env: ChannelEnvironment; media: MediaStore; fetchers: MediaFetchers; secrets: ChannelSecrets };
  /** Large webhook batches, answered at once and drained after (src/channels/inbox/). */
  inbox?: InboundInbox;
  /** The live events every SSE client of this process reads. */
  events: EventFeed;
  /** When set, `GET /metrics` needs it as a bearer token. */
  metricsToken?: string;
  /** Webhook calls per channel per second this process accepts (default 1000). */
  webhookRateLimit?: number;
  /** Reverse proxies trusted to name the client in X-Forwarded-For (`TRUST_PROXY`); unset: none. */
  trustProxy?: TrustProxy;
  /** The company's time zone (`BOT_TIMEZONE`): the days of the figures over time. Default DEFAULT_TIME_ZONE. */
  timeZone?: string;
  /** The chats' data keys of this process (the payload codec's cache): an erasure drops the erased ones at once. */
  dataKeys?: DataKeys;
  /** Requests per API token per window (`API_TOKEN_RATE_LIMIT`, default 600/minute). */
  apiTokenRateLimit?: ApiTokenRateLimit;
  /** `REQUIRE_ADMIN_2FA`: admins without 2FA reach only its enrolment. */
  requireAdmin2fa?: boolean;
  /** The product's public base URL (`PUBLIC_URL`): password-reset links point into its console; else the request's origin. */
  publicUrl?: string;
  /** Event webhooks: the task queue their workflows run on (TEMPORAL_TASK_QUEUE) and WEBHOOK_RETRY_WINDOW. Default: "chats", 24 hours. */
  webhooks?: { taskQueue: string; retryWindowMs: number };
}

export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';
