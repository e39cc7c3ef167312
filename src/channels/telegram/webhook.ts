import Router from '@koa/router';
import type { WebhookDeps } from '../webhookDeps';
import { HttpError, notFound } from '../../http/httpError';
import { parse } from '../../http/validate';
import { applyInboundEvents } from '../inbound';
import { sameSecret } from '../signature';
import { loadChannel } from '../store';
import { decodeJson, readRawBody } from '../../http/rawBody';
import { TelegramUpdate, callbackQueryOf, telegramEvents } from './updates';

/** Telegram's own cap on an update is far below this; a bigger body is not Telegram. */
const BODY_LIMIT = '1mb';

/**
 * `POST /webhooks/telegram/:channelId`: one Bot API Update. Telegram proves
 * itself with the secret it was given in setWebhook (`X-Telegram-Bot-Api-Secret-Token`).
 * A 2xx tells Telegram the update is ours, so it is answered only once the
 * update is durable; anything else makes Telegram send it again.
 */
export function telegramWebhook({ db, gateway, secrets }: WebhookDeps): Router {
  const router = new Router();

  router.post('/webhooks/telegram/:channelId', async (ctx) => {
    const channel = await loadChannel(db, ctx.params.channelId!, secrets);
    if (!channel || channel.type !== 'telegram' || !channel.active) throw notFound('channel');
    const secret = channel.credentials.secret;
    if (typeof secret !== 'string' || !sameSecret(secret, ctx.get('x-telegram-bot-api-secret-token') || undefined)) {
      throw new HttpError(401, 'invalid_secret_token', 'missing or invalid X-Telegram-Bot-Api-Secret-Token');
    }
    const update = parse(TelegramUpdate, decodeJson(await readRawBody(ctx, BODY_LIMIT)));
    await applyInboundEvents(gateway, db, { id: channel.id, type: 'telegram' }, telegramEvents(update, new Date()));
    ctx.status = 200;
    // A survey button's press is answered in the reply itself (Telegram runs the method it names).
    const query = callbackQueryOf(update);
    ctx.body = query ? { method: 'answerCallbackQuery', callback_query_id: query } : { ok: true };
  });

  return router;
}
