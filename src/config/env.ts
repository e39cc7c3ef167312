import type { Duration } from '@temporalio/common';
import { z } from 'zod';
import { resolveDataDir, resolveDatabaseUrl } from './paths';
import { parseKeys } from '../crypto/keyring';
import { parseTrustProxy } from '../http/clientAddress';
import { parseRateLimit } from '../auth/apiTokens';

/** A Temporal duration such as "30 minutes" or "24 hours". */
const duration = (fallback: string) =>
  z
    .string()
    .regex(
      /^\d+\s*(ms|s|seconds?|m|minutes?|h|hours?|d|days?)$/,
      'must be a duration such as "30 minutes" or "24 hours"',
    )
    .default(fallback)
    .transform((v) => v as Duration);
const port = z.coerce.number().int().min(1).max(65535);
const nonEmpty = z.string().trim().min(1);

/** An IANA zone name this Node (its ICU data) knows, e.g. "America/Sao_Paulo". */
function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The configuration table of docs/api.md, validated once at boot. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: nonEmpty.default('127.0.0.1'),
  PORT: port.default(3000),
  DATABASE_URL: z.string().refine((v) => v.startsWith('file:') || /^postgres(ql)?:\/\/[^\s]+$/.test(v), {
    message: 'must be "file:..." (SQLite) or "postgresql://..."',
  }),
  TEMPORAL_ADDRESS: nonEmpty.regex(/^[^\s:]+:\d+$/, 'must be host:port').optional(),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_NAMESPACE: nonEmpty.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only').default('default'),
  TEMPORAL_TASK_QUEUE: nonEmpty.default('chats'),
  /** PEM files of a client certificate and its key: Temporal over mutual TLS (src/temporal/connectionOptions.ts). */
  TEMPORAL_TLS_CERT: nonEmpty.optional(),
  TEMPORAL_TLS_KEY: nonEmpty.optional(),
  /** PEM file of the CA that signed the server's certificate, when it is not one the system trusts. */
  TEMPORAL_TLS_CA: nonEmpty.optional(),
  /** The name the server's certificate is checked against, when it is not TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: nonEmpty.optional(),
  /** Temporal Cloud's API key. A secret: sent as a Bearer token over TLS, never logged. */
  TEMPORAL_API_KEY: nonEmpty.optional(),
  /** Tries in a row to bring the embedded dev server back (backoff 1 s … 30 s) before npm start exits 1. */
  DEV_SERVER_RESTART_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  ADMIN_EMAIL: z.email().optional(),
  /** Judged by the password policy when the first admin is made from it (src/bootstrap/admin.ts). */
  ADMIN_PASSWORD: z.string().optional(),
  DATA_DIR: nonEmpty,
  /**
   * "id:base64,…" of 32-byte keys (openssl rand -base64 32): the first
   * encrypts channel secrets and Temporal payloads, all decrypt. Required in
   * production; elsewhere generated once into DATA_DIR/encryption-keys.
   */
  ENCRYPTION_KEYS: z
    .string()
    .transform((text, ctx) => {
      const keys = parseKeys(text);
      if (typeof keys !== 'string') return keys;
      ctx.addIssue({ code: 'custom', message: keys });
      return z.NEVER;
    })
    .optional(),
  /** The Temporal Web UI's codec endpoint (decrypts payloads for it), on HOST; npm start runs it beside the dev server. */
  CODEC_PORT: port.default(8234),
  /** Browser origins allowed to call the codec endpoint; default: the embedded Web UI's. */
  CODEC_ALLOWED_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .optional(),
  /**
   * `Host` values the codec endpoint answers to ("name:port", or a bare name for any port), against DNS
   * rebinding; default: the loopback names and HOST, with CODEC_PORT.
   */
  CODEC_ALLOWED_HOSTS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .regex(
              /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/,
              'each must be a host name or [IPv6] address, optionally with ":port"',
            ),
        )
        .min(1, 'must list at least one host'),
    )
    .optional(),
  /** In production, API channels' callbackUrls must be public addresses unless this is "true" (SSRF guard). */
  ALLOW_PRIVATE_CALLBACKS: z.stringbool().default(false),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The product's public base URL: Telegram webhooks are registered under it when set. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  TELEGRAM_API_ROOT: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default('https://api.telegram.org'),
  WHATSAPP_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default('https://graph.facebook.com/v21.0'),
  /** When set, `GET /metrics` (Prometheus) needs it as a bearer token. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Reverse proxies trusted to name the client in X-Forwarded-For: a number
   * of hops, or a comma-separated list of addresses/CIDRs. Unset: none, and
   * the client is the socket's peer (src/http/clientAddress.ts).
   */
  TRUST_PROXY: z
    .string()
    .transform((text, ctx) => {
      const trust = parseTrustProxy(text);
      if (typeof trust === 'number' || Array.isArray(trust)) return trust;
      ctx.addIssue({ code: 'custom', message: trust.error });
      return z.NEVER;
    })
    .optional(),
  /** Webhook calls per channel per second one API process accepts; more are 429 with Retry-After. */
  WEBHOOK_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** A WhatsApp payload of at least this many events is held in the inbox and answered at once (src/channels/inbox/). */
  WEBHOOK_INBOX_MIN_EVENTS: z.coerce.number().int().min(1).max(100_000).default(50),
  /** Requests one API token may make, "<n>/<second|minute|hour>"; more are 429 with Retry-After. */
  API_TOKEN_RATE_LIMIT: z
    .string()
    .default('600/minute')
    .transform((text, ctx) => {
      const limit = parseRateLimit(text);
      if (typeof limit !== 'string') return limit;
      ctx.addIssue({ code: 'custom', message: limit });
      return z.NEVER;
    }),
  /** "true": an admin without two-factor authentication can reach only its enrolment after signing in. */
  REQUIRE_ADMIN_2FA: z.stringbool().default(false),
  CHAT_INACTIVITY_TIMEOUT: duration('24 hours'),
  /** An assigned chat its attendant leaves unanswered this long goes back to the queue. */
  ASSIGNMENT_RESPONSE_TIMEOUT: duration('5 minutes'),
  /** Chats a worker keeps in memory between messages; an evicted chat replays its history on its next message. */
  WORKER_MAX_CACHED_CHATS: z.coerce.number().int().min(0).max(100_000).default(1000),
  /** `npm run worker` answers /livez and /readyz on HOST at this port when set (container health checks). */
  WORKER_HEALTH_PORT: port.optional(),
  /** On SIGTERM a worker finishes its running activities for this long before it cancels them. */
  WORKER_SHUTDOWN_GRACE: duration('30 seconds'),
  /** An event webhook's delivery is retried with backoff this long after its event, then marked failed. */
  WEBHOOK_RETRY_WINDOW: duration('24 hours'),
  /** Delivered and failed event-webhook deliveries are removed this long after they were created (pending ones stay). */
  WEBHOOK_DELIVERY_RETENTION: duration('30 days'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Base URL of an OpenAI-compatible API ("…/v1"); when set, intents are classified by it. */
  BOT_LLM_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** A secret: sent as a Bearer token, never logged. */
  BOT_LLM_API_KEY: z.string().optional(),
  BOT_LLM_MODEL: nonEmpty.default('gpt-4o-mini'),
  BOT_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /**
   * When the daily retention run starts (docs/design.md, "Retention"): a cron
   * expression in BOT_TIMEZONE (default 03:00), or "@every 24h".
   */
  RETENTION_SCHEDULE: nonEmpty
    .regex(
      /^(@every \d+[smhd]|@(hourly|daily|weekly|monthly)|\S+( \S+){4})$/,
      'must be a cron expression such as "0 3 * * *", or "@every 24h"',
    )
    .default('0 3 * * *'),
  /** The company's time zone: where "hoje" and "amanhã" are resolved, and the day of a chat's protocol number. */
  BOT_TIMEZONE: nonEmpty
    .refine(isTimeZone, { message: 'must be an IANA time zone such as "America/Sao_Paulo"' })
    .default('America/Sao_Paulo'),
});

export type Config = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {}

/** Parses process.env; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankToUndefined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse({
    ...blankToUndefined,
    DATA_DIR: resolveDataDir(env),
    DATABASE_URL: resolveDatabaseUrl(env),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  if (Boolean(config.TEMPORAL_TLS_CERT) !== Boolean(config.TEMPORAL_TLS_KEY)) {
    throw new ConfigError(
      'Invalid configuration:\n  TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY: a client certificate needs its key, and a key its certificate',
    );
  }
  const missing = (['JWT_SECRET', 'ENCRYPTION_KEYS'] as const).filter((name) => !config[name]);
  if (config.NODE_ENV === 'production' && missing.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${missing.map((n) => `  ${n}: required in production`).join('\n')}`);
  }
  return config;
}
