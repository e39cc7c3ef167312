import { z } from 'zod';
import { httpUrl } from '../channels/common';
import { CHAT_EVENT_TYPES, type ChatEventType } from '../events/chatEvents';
import { readJsonColumn } from '../db/jsonColumn';

/** Every live event a webhook may subscribe to, and "*" for all of them (those added later too). */
export const WEBHOOK_EVENT_TYPES = ['*', ...CHAT_EVENT_TYPES] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
  .min(1, 'must name at least one event type')
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((list) => new Set(list).size === list.length, 'must not repeat an event type');
/** The HMAC key the receiver checks signatures with: write-only. */
const secret = z.string().min(16, 'must be at least 16 characters').max(256);
const url = httpUrl.max(2000, 'must be at most 2000 characters');

export const CreateWebhook = z
  .object({ url, events, secret, active: z.boolean().optional() })
  .strict()
  .meta({ id: 'CreateWebhook' });
export const UpdateWebhook = z
  .object({ url, events, secret, active: z.boolean() })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'must change at least one field')
  .meta({ id: 'UpdateWebhook' });
export const ListDeliveriesQuery = z
  .object({
    status: z.enum(['pending', 'delivered', 'failed']).optional(),
    /** Deliveries with a lower id (the last page's last `id`). */
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export interface WebhookRow {
  id: string;
  url: string;
  events: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A subscription as the API shows it: never its secret, only that one is set. */
export function presentWebhook(row: WebhookRow) {
  return {
    id: row.id,
    url: row.url,
    events: eventsOf(row),
    active: row.active,
    secretSet: true,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function eventsOf(row: { events: string }): WebhookEventType[] {
  return readJsonColumn<WebhookEventType[]>(row.events, []);
}

/** The ChatEvent types a subscription takes (null: all of them). */
export function chatEventTypesOf(row: { events: string }): ChatEventType[] | null {
  const list = eventsOf(row);
  return list.includes('*') ? null : (list as ChatEventType[]);
}

export interface DeliveryRow {
  id: number;
  eventId: number;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  expiresAt: Date;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentDelivery(row: DeliveryRow) {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    retryUntil: row.expiresAt.toISOString(),
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastAttemptAt: iso(row.lastAttemptAt),
    deliveredAt: iso(row.deliveredAt),
    failedAt: iso(row.failedAt),
  };
}

/** The workflow that delivers a subscription's events. */
export const webhookWorkflowId = (webhookId: string) => `webhook:${webhookId}`;
