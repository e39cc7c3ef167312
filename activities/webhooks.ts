import { Context } from '@temporalio/activity';
import type { ChannelSecrets } from '../src/channels/channelSecrets';
import type { Db } from '../src/db/client';
import { chatEventTypesOf } from '../src/webhooks/subscriptions';
import { pruneSettledDeliveries } from '../src/webhooks/pruneDeliveries';
import type { WebhookSender } from '../src/webhooks/sender';

/** How event webhooks are delivered (docs/api.md, "Event webhooks"). */
export interface WebhookDeliveryOptions {
  sender: WebhookSender;
  /** An event is retried this long after it happened (WEBHOOK_RETRY_WINDOW), then marked failed. */
  retryWindowMs: number;
  /** The first retry's wait, doubled after each failure up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  /** Default: 10 minutes, or a quarter of the window if that is shorter. */
  maxBackoffMs?: number;
  /** How often a waiting intake looks for a newer event (one query per worker process, shared). */
  pollMs?: number;
  /** Delivered and failed deliveries are removed this long after they were created (WEBHOOK_DELIVERY_RETENTION); unset keeps them. */
  keepSettledMs?: number;
  /** How often one process prunes a subscription's settled deliveries, when its queue is empty. Default: hourly. */
  pruneEveryMs?: number;
  /**
   * Aborted when the worker begins to stop: a waiting intake returns at once
   * instead of holding the shutdown for the rest of its wait (up to a minute).
   */
  stopping?: AbortSignal;
}

/** How far back each intake looks again: a PostgreSQL sequence value can commit after a higher one (as the feed does). */
const LOOKBACK = 200;
const BATCH = 500;
/** One delivery activity runs at most this long, so the workflow takes new events in between. */
const MAX_RUN_MS = 60_000;

export type TakeResult = { state: 'gone' | 'inactive'; taken: 0 } | { state: 'active'; taken: number };
export type DeliverResult = { state: 'gone' | 'inactive' | 'idle' | 'more' } | { state: 'waiting'; waitMs: number };

/**
 * The two halves of a subscription's workflow (workflows/webhook.ts):
 * `takeWebhookEvents` copies the live events it wants from ChatEvent into
 * its own WebhookDelivery rows (so the feed's one-day pruning never loses
 * one while deliveries wait), and `deliverWebhookEvents` POSTs the pending
 * ones, oldest first, each until it succeeds or its retry window ends.
 */
export function createWebhookActivities(deps: { db: Db; secrets: ChannelSecrets; webhooks: WebhookDeliveryOptions }) {
  const { db, secrets } = deps;
  const { sender, retryWindowMs, initialBackoffMs = 1_000, pollMs = 1_000, stopping } = deps.webhooks;
  const { keepSettledMs, pruneEveryMs = 60 * 60_000 } = deps.webhooks;
  const prunedAt = new Map<string, number>();
  /** Old settled deliveries go, at most once per `pruneEveryMs` per subscription in this process. */
  const prune = async (hook: { id: string; cursor: number }) => {
    if (keepSettledMs === undefined) return;
    const now = Date.now();
    if (now - (prunedAt.get(hook.id) ?? 0) < pruneEveryMs) return;
    prunedAt.set(hook.id, now);
    await pruneSettledDeliveries(db, hook.id, {
      before: new Date(now - keepSettledMs),
      upToEventId: hook.cursor - LOOKBACK,
    });
  };
  /** The activity's sleep, cut short when the worker begins to stop (its listener removed after each sleep). */
  const pause = async (ctx: Context, ms: number) => {
    if (!stopping) return ctx.sleep(ms);
    let wake = () => {};
    const stopped = new Promise<void>((r) => (wake = r));
    stopping.addEventListener('abort', wake, { once: true });
    try {
      await Promise.race([ctx.sleep(ms), stopped]);
    } finally {
      stopping.removeEventListener('abort', wake);
    }
  };
  const maxBackoffMs = deps.webhooks.maxBackoffMs ?? Math.max(initialBackoffMs, Math.min(600_000, retryWindowMs / 4));
  const backoff = (attempt: number) => Math.min(maxBackoffMs, initialBackoffMs * 2 ** Math.min(attempt - 1, 30));

  // The table's newest event id, read at most once per poll by this process whatever the number of subscriptions.
  let latest = { id: 0, at: 0 };
  let reading: Promise<number> | null = null;
  const latestEventId = (): Promise<number> => {
    if (Date.now() - latest.at < pollMs) return Promise.resolve(latest.id);
    reading ??= db.chatEvent
      .findFirst({ orderBy: { id: 'desc' }, select: { id: true } })
      .then((row) => {
        latest = { id: row?.id ?? 0, at: Date.now() };
        return latest.id;
      })
      .finally(() => (reading = null));
    return reading;
  };

  /** Copies new events of the subscription's types into deliveries; the number copied. */
  async function take(webhookId: string, hook: { events: string; cursor: number; startEventId: number }) {
    const types = chatEventTypesOf(hook);
    let cursor = hook.cursor;
    for (let round = 0; round < 10; round++) {
      const rows = await db.chatEvent.findMany({
        where: { id: { gt: Math.max(hook.startEventId, cursor - LOOKBACK) } },
        orderBy: { id: 'asc' },
        take: BATCH,
      });
      const wanted = rows.filter((r) => !types || (types as string[]).includes(r.type));
      const known = wanted.length
        ? new Set(
            (
              await db.webhookDelivery.findMany({
                where: { webhookId, eventId: { in: wanted.map((r) => r.id) } },
                select: { eventId: true },
              })
            ).map((d) => d.eventId),
          )
        : new Set<number>();
      const fresh = wanted.filter((r) => !known.has(r.id));
      const last = rows.length > 0 ? rows[rows.length - 1]!.id : cursor;
      const next = Math.max(cursor, last);
      await db.$transaction([
        ...(fresh.length
          ? [
              db.webhookDelivery.createMany({
                data: fresh.map((e) => ({
                  webhookId,
                  eventId: e.id,
                  eventType: e.type,
                  payload: JSON.stringify({
                    id: e.id,
                    type: e.type,
                    createdAt: e.createdAt.toISOString(),
                    data: JSON.parse(e.data) as unknown,
                  }),
                  expiresAt: new Date(e.createdAt.getTime() + retryWindowMs),
                })),
              }),
            ]
          : []),
        db.webhook.updateMany({ where: { id: webhookId }, data: { cursor: next } }),
      ]);
      cursor = next;
      if (fresh.length > 0 || rows.length < BATCH) return fresh.length;
    }
    return 0;
  }

  return {
    /**
     * New events into the subscription's deliveries. With nothing new it
     * waits up to `waitMs` (heartbeating) for a newer event, so an idle
     * subscription costs one activity a minute, and the database one shared
     * query per poll per worker.
     */
    async takeWebhookEvents(input: { webhookId: string; waitMs: number }): Promise<TakeResult> {
      const ctx = Context.current();
      const until = Date.now() + input.waitMs;
      for (;;) {
        const hook = await db.webhook.findUnique({
          where: { id: input.webhookId },
          select: { events: true, active: true, cursor: true, startEventId: true },
        });
        if (!hook) return { state: 'gone', taken: 0 };
        if (!hook.active) return { state: 'inactive', taken: 0 };
        const taken = await take(input.webhookId, hook);
        if (taken > 0) return { state: 'active', taken };
        const cursor = (await db.webhook.findUnique({ where: { id: input.webhookId }, select: { cursor: true } }))
          ?.cursor;
        do {
          if (Date.now() >= until || stopping?.aborted) return { state: 'active', taken: 0 };
          ctx.heartbeat();
          await pause(ctx, Math.min(pollMs, Math.max(0, until - Date.now())));
        } while ((await latestEventId()) <= (cursor ?? 0));
      }
    },

    /**
     * POSTs pending deliveries in order. A failure is recorded and retried
     * after a doubling wait (returned to the workflow, which sleeps) until
     * the delivery's `expiresAt`, then marked failed and the next one goes.
     */
    async deliverWebhookEvents(input: { webhookId: string }): Promise<DeliverResult> {
      const ctx = Context.current();
      const hook = await db.webhook.findUnique({ where: { id: input.webhookId } });
      if (!hook) return { state: 'gone' };
      if (!hook.active) return { state: 'inactive' };
      const secret = secrets.open({ secret: hook.secret }).secret as string;
      const started = Date.now();
      for (;;) {
        const next = await db.webhookDelivery.findFirst({
          where: { webhookId: hook.id, status: 'pending' },
          orderBy: { id: 'asc' },
        });
        if (!next) {
          await prune(hook);
          return { state: 'idle' };
        }
        const wait = next.nextAttemptAt.getTime() - Date.now();
        if (wait > 0) return { state: 'waiting', waitMs: wait };
        if (Date.now() - started > MAX_RUN_MS) return { state: 'more' };
        ctx.heartbeat();
        const attempt = next.attempts + 1;
        const result = await sender.post(
          hook.url,
          secret,
          { id: next.eventId, type: next.eventType },
          next.payload,
          attempt,
        );
        const at = new Date();
        // Only the row as it was read: a redelivery asked for meanwhile is not overwritten.
        const where = { id: next.id, status: 'pending', attempts: next.attempts };
        if (result.ok) {
          await db.webhookDelivery.updateMany({
            where,
            data: {
              status: 'delivered',
              attempts: attempt,
              lastStatusCode: result.statusCode,
              lastError: null,
              lastAttemptAt: at,
              deliveredAt: at,
            },
          });
          continue;
        }
        const failed = result.permanent || at >= next.expiresAt;
        const nextAttemptAt = new Date(Math.min(at.getTime() + backoff(attempt), next.expiresAt.getTime()));
        await db.webhookDelivery.updateMany({
          where,
          data: {
            status: failed ? 'failed' : 'pending',
            attempts: attempt,
            lastStatusCode: result.statusCode,
            lastError: result.error,
            lastAttemptAt: at,
            nextAttemptAt,
            ...(failed ? { failedAt: at } : {}),
          },
        });
        if (!failed) return { state: 'waiting', waitMs: Math.max(0, nextAttemptAt.getTime() - Date.now()) };
      }
    },
  };
}
