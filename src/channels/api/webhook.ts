import Router from '@koa/router';
import type { EventOutcome } from '../../chats/gateway';
import { verifySignature } from '../signature';
import { loadChannel } from '../store';
import { decodeJson, readRawBody } from '../../http/rawBody';
import type { WebhookDeps } from '../webhookDeps';
import { conflict, HttpError, notFound } from '../../http/httpError';
import { parse } from '../../http/validate';
import { applyInboundEvents } from '../inbound';
import { ApiChannelEvent, apiChannelInbound } from './events';

const BODY_LIMIT = '256kb';

function answer(outcome: EventOutcome): { chatId: string } {
  if (outcome.kind === 'never_opened') throw notFound('conversation');
  if (outcome.kind === 'closed') throw conflict('conversation_closed', 'conversation is closed');
  if (outcome.kind === 'predates_chat') {
    throw conflict(
      'close_predates_chat',
      'this close (its conversation and timestamp) was already delivered for an earlier chat: a replay',
    );
  }
  if (outcome.kind === 'from_the_future') {
    throw new HttpError(400, 'timestamp_in_future', 'the close is timestamped more than 5 minutes ahead of our clock');
  }
  return { chatId: outcome.chatId };
}

/** `POST /webhooks/api/:channelId`: the generic HTTP channel of docs/api.md. */
export function apiChannelWebhook({ db, gateway, secrets }: WebhookDeps): Router {
  const router = new Router();

  router.post('/webhooks/api/:channelId', async (ctx) => {
    const channel = await loadChannel(db, ctx.params.channelId!, secrets);
    if (!channel || channel.type !== 'api' || !channel.active) throw notFound('channel');
    const secret = channel.credentials.secret;
    // The signature covers the exact bytes received: verify them before decoding anything.
    const raw = await readRawBody(ctx, BODY_LIMIT);
    if (typeof secret !== 'string' || !verifySignature(secret, raw, ctx.get('x-atende-signature') || undefined)) {
      throw new HttpError(401, 'invalid_signature', 'missing or invalid X-Atende-Signature');
    }
    const event = parse(ApiChannelEvent, decodeJson(raw));
    const [outcome] = await applyInboundEvents(gateway, db, { id: channel.id, type: 'api' }, [
      apiChannelInbound(event, new Date()),
    ]);
    const body = answer(outcome!);
    ctx.status = 202;
    ctx.body = body;
  });

  return router;
}
