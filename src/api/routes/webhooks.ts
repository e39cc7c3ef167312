import Router from '@koa/router';
import { auditActor } from '../auth';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState, type AuthedContext } from '../auth';
import { HttpError, notFound } from '../../http/httpError';
import { parse } from '../../http/validate';
import { recordAudit } from '../../audit/auditLog';
import { CallbackTargets } from '../../channels/api/callbackTarget';
import {
  CreateWebhook,
  ListDeliveriesQuery,
  presentDelivery,
  presentWebhook,
  UpdateWebhook,
} from '../../webhooks/subscriptions';
import { WebhookWorkflows } from '../../webhooks/workflows';
import type { Db } from '../../db/client';

const DAY_MS = 24 * 60 * 60 * 1000;
const TELL_MS = 3_000;

/**
 * Event webhooks (admins; docs/api.md, "Event webhooks"): subscriptions,
 * their deliveries and redeliveries. The API writes the rows (and the audit
 * entry, in the same transaction) and starts, wakes or cancels the
 * subscription's workflow, which does the delivering.
 */
export function webhookRoutes({ db, temporal, channels, logger, webhooks }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/webhooks' });
  const targets = new CallbackTargets(channels.env.allowPrivateCallbacks);
  const workflows = new WebhookWorkflows(temporal, webhooks?.taskQueue ?? 'chats');
  const retryWindowMs = webhooks?.retryWindowMs ?? DAY_MS;
  router.use(requireRole('admin'));

  /** 400 naming `url` when it points where deliveries may not go (the callbacks' SSRF guard). */
  const checkUrl = async (url: string | undefined) => {
    if (url === undefined) return;
    const problem = await targets.problem(url);
    if (problem)
      throw new HttpError(400, 'invalid_request', `body.url: ${problem}`, [{ path: 'body.url', message: problem }]);
  };
  const audit = (ctx: AuthedContext) => ({
    actor: auditActor(ctx.state),
    ip: ctx.ip,
  });
  /**
   * The workflow's start, wake-up or cancel, waited for at most TELL_MS: the rows are the truth,
   * a worker starts every active subscription's workflow every few minutes, and a run ends by
   * itself once its row is gone or inactive. A Temporal outage only delays an admin's answer by
   * that much; it is logged, never an error.
   */
  const tell = (id: string, what: 'start' | 'wake' | 'cancel') =>
    temporal
      .withDeadline(Date.now() + TELL_MS, () => workflows[what](id))
      .catch((err: unknown) =>
        logger.warn({ err: (err as Error).message, webhookId: id }, `webhook workflow: ${what} failed`),
      );

  router.get('/', async (ctx) => {
    const rows = await db.webhook.findMany({ orderBy: { createdAt: 'asc' } });
    ctx.body = { items: rows.map(presentWebhook) };
  });

  router.post('/', async (ctx) => {
    const body = parse(CreateWebhook, ctx.request.body);
    await checkUrl(body.url);
    const row = await db.$transaction(async (tx) => {
      // Events from now on: what happened before the subscription is not sent.
      const last = (await tx.chatEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0;
      const created = await tx.webhook.create({
        data: {
          url: body.url,
          events: JSON.stringify(body.events),
          secret: channels.secrets.seal({ secret: body.secret }).secret!,
          active: body.active ?? true,
          cursor: last,
          startEventId: last,
        },
      });
      await recordAudit(tx, {
        ...audit(ctx),
        action: 'webhook.created',
        target: { type: 'webhook', id: created.id },
        details: { events: body.events, active: created.active },
      });
      return created;
    });
    if (row.active) await tell(row.id, 'start');
    ctx.status = 201;
    ctx.body = presentWebhook(row);
  });

  router.get('/:id', async (ctx) => {
    ctx.body = presentWebhook(await subscription(db, ctx.params.id!));
  });

  router.patch('/:id', async (ctx) => {
    const body = parse(UpdateWebhook, ctx.request.body);
    const before = await subscription(db, ctx.params.id!);
    await checkUrl(body.url);
    const reactivated = body.active === true && !before.active;
    const row = await db.$transaction(async (tx) => {
      // Reactivated: from now on, as a new subscription (what happened while it was off is not sent).
      const last = reactivated
        ? ((await tx.chatEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0)
        : null;
      const updated = await tx.webhook.update({
        where: { id: before.id },
        data: {
          ...(body.url !== undefined ? { url: body.url } : {}),
          ...(body.events !== undefined ? { events: JSON.stringify(body.events) } : {}),
          ...(body.secret !== undefined ? { secret: channels.secrets.seal({ secret: body.secret }).secret! } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
          ...(last !== null ? { cursor: last, startEventId: last } : {}),
        },
      });
      await recordAudit(tx, {
        ...audit(ctx),
        action: 'webhook.updated',
        target: { type: 'webhook', id: before.id },
        // Field names only; a new secret is named, never shown.
        details: {
          fields: Object.keys(body).sort(),
          ...(body.secret !== undefined ? { secretRotated: true } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
        },
      });
      return updated;
    });
    if (reactivated) await tell(row.id, 'start');
    if (body.active === false && before.active) await tell(row.id, 'cancel');
    ctx.body = presentWebhook(row);
  });

  router.delete('/:id', async (ctx) => {
    const before = await subscription(db, ctx.params.id!);
    await db.$transaction(async (tx) => {
      await tx.webhook.delete({ where: { id: before.id } });
      await recordAudit(tx, { ...audit(ctx), action: 'webhook.deleted', target: { type: 'webhook', id: before.id } });
    });
    // The run also ends by itself at its next read of the (gone) row.
    await tell(before.id, 'cancel');
    ctx.status = 204;
  });

  router.get('/:id/deliveries', async (ctx) => {
    const q = parse(ListDeliveriesQuery, ctx.query, 'query');
    const hook = await subscription(db, ctx.params.id!);
    const rows = await db.webhookDelivery.findMany({
      where: {
        webhookId: hook.id,
        ...(q.status ? { status: q.status } : {}),
        ...(q.before ? { id: { lt: q.before } } : {}),
      },
      orderBy: { id: 'desc' },
      take: q.limit,
    });
    ctx.body = {
      items: rows.map(presentDelivery),
      nextBefore: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
    };
  });

  // Sends the event again, with the same event id, retried for a new window; before the subscription's other pending events.
  router.post('/:id/deliveries/:deliveryId/redeliver', async (ctx) => {
    const hook = await subscription(db, ctx.params.id!);
    const deliveryId = Number(ctx.params.deliveryId);
    const now = new Date();
    const row = await db.$transaction(async (tx) => {
      const found = Number.isSafeInteger(deliveryId)
        ? await tx.webhookDelivery.findFirst({ where: { id: deliveryId, webhookId: hook.id } })
        : null;
      if (!found) throw notFound('delivery');
      const updated = await tx.webhookDelivery.update({
        where: { id: found.id },
        data: {
          status: 'pending',
          nextAttemptAt: now,
          expiresAt: new Date(now.getTime() + retryWindowMs),
          deliveredAt: null,
          failedAt: null,
        },
      });
      await recordAudit(tx, {
        ...audit(ctx),
        action: 'webhook.redelivered',
        target: { type: 'webhook', id: hook.id },
        details: { deliveryId: found.id, eventId: found.eventId, eventType: found.eventType, was: found.status },
      });
      return updated;
    });
    if (hook.active) await tell(hook.id, 'wake');
    ctx.status = 202;
    ctx.body = presentDelivery(row);
  });

  return router;
}

async function subscription(db: Db, id: string) {
  const row = await db.webhook.findUnique({ where: { id } });
  if (!row) throw notFound('webhook');
  return row;
}
