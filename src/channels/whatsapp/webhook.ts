import Router from '@koa/router';
import type { WebhookDeps } from '../webhookDeps';
import { HttpError, notFound } from '../../http/httpError';
import { parse } from '../../http/validate';
import { applyInboundEvents } from '../inbound';
import { sameSecret, verifySignature } from '../signature';
import { loadChannel } from '../store';
import { decodeJson, readRawBody } from '../../http/rawBody';
import { WhatsAppPayload, whatsappEvents } from './payload';

/** Meta batches up to 1000 updates in one call; their payloads stay well under this. */
const BODY_LIMIT = '3mb';

/**
 * `GET|POST /webhooks/whatsapp/:channelId` of the Cloud API. GET is Meta's
 * subscription check; POST carries messages and statuses, signed with the
 * app secret over the raw body (`X-Hub-Signature-256`). A 2xx tells Meta
 * the batch is ours, so it comes only once every event is durable: applied
 * to its chat, or, for a large batch, written to the inbox that applies it.
 */
export function whatsappWebhook({ db, gateway, secrets, inbox }: WebhookDeps): Router {
  const router = new Router();

  const whatsappChannel = async (id: string) => {
    const channel = await loadChannel(db, id, secrets);
    if (!channel || channel.type !== 'whatsapp' || !channel.active) throw notFound('channel');
    return channel;
  };

  router.get('/webhooks/whatsapp/:channelId', async (ctx) => {
    const channel = await whatsappChannel(ctx.params.channelId!);
    const { verifyToken } = channel.credentials;
    const mode = ctx.query['hub.mode'];
    const token = ctx.query['hub.verify_token'];
    const challenge = ctx.query['hub.challenge'];
    const verified =
      mode === 'subscribe' &&
      typeof token === 'string' &&
      typeof verifyToken === 'string' &&
      sameSecret(verifyToken, token) &&
      typeof challenge === 'string';
    if (!verified) throw new HttpError(403, 'verification_failed', 'hub.mode or hub.verify_token does not match');
    // Meta expects the challenge back as the bare body.
    ctx.type = 'text/plain';
    ctx.body = challenge;
  });

  router.post('/webhooks/whatsapp/:channelId', async (ctx) => {
    const channel = await whatsappChannel(ctx.params.channelId!);
    const { appSecret } = channel.credentials;
    const { phoneNumberId } = channel.settings;
    const raw = await readRawBody(ctx, BODY_LIMIT);
    if (
      typeof appSecret !== 'string' ||
      !verifySignature(appSecret, raw, ctx.get('x-hub-signature-256') || undefined)
    ) {
      throw new HttpError(401, 'invalid_signature', 'missing or invalid X-Hub-Signature-256');
    }
    const payload = parse(WhatsAppPayload, decodeJson(raw));
    const events = whatsappEvents(payload, String(phoneNumberId), new Date());
    const ref = { id: channel.id, type: 'whatsapp' } as const;
    // A large batch (or one behind it) is written down and answered at once; the inbox applies it.
    if (inbox && (await inbox.holds(channel.id, events))) await inbox.hold(ref, events);
    else await applyInboundEvents(gateway, db, ref, events);
    ctx.status = 200;
    ctx.body = { ok: true };
  });

  return router;
}
