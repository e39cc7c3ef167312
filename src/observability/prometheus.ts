import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/client';

/**
 * The process's Prometheus metrics (prom-client), served by `GET /metrics`.
 * One registry per process: with `npm start` the API and the worker share
 * it; a worker run apart keeps its own counters (not served; see README).
 * Labels are bounded (route patterns, channel types, outcomes, intents).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'atende_' });

export const httpDuration = new Histogram({
  name: 'atende_http_request_duration_seconds',
  help: 'HTTP request latency by route pattern, method and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const webhookRequests = new Counter({
  name: 'atende_webhook_requests_total',
  help: 'Webhook calls by channel type and HTTP status',
  labelNames: ['channel_type', 'status'] as const,
  registers: [registry],
});

export const deliveries = new Counter({
  name: 'atende_deliveries_total',
  help: 'Outbound messages handed to a channel, by channel type and outcome (sent, delivered, failed)',
  labelNames: ['channel_type', 'outcome'] as const,
  registers: [registry],
});

export const botDecisions = new Counter({
  name: 'atende_bot_classifications_total',
  help: "The bot's reading of customer messages, by intent",
  labelNames: ['intent'] as const,
  registers: [registry],
});

/**
 * Gauges read from the database when scraped, so every process reports the
 * same figures: the human queue and the webhook inbox.
 */
export function registerDatabaseGauges(db: Db): void {
  if (!registry.getSingleMetric('atende_inbox_events')) {
    new Gauge({
      name: 'atende_inbox_events',
      help: 'Webhook events answered and held in the inbox, not yet applied to their chats',
      registers: [registry],
      async collect() {
        this.set((await db.inboundBatch.aggregate({ _sum: { eventCount: true } }))._sum.eventCount ?? 0);
      },
    });
  }
  if (registry.getSingleMetric('atende_queue_length')) return;
  new Gauge({
    name: 'atende_queue_length',
    help: 'Chats waiting in the human queue',
    registers: [registry],
    async collect() {
      this.set(
        await db.chat.count({
          where: { attendantId: null, queuedAt: { not: null }, status: { notIn: ['resolved', 'cancelled'] } },
        }),
      );
    },
  });
}
