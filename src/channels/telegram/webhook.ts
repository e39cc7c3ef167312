import Router from '@koa/router';
import { ChatGateway } from '../../chats/gateway';
import type { ApiDeps } from '../../api/deps';
import { HttpError, notFound } from '../../api/errors';
import { parse } from '../../api/validate';
import { applyInboundEvents } from '../inbound';
import { sameSecret } from '../signature';
import { loadChannel } from '../store';
import { decodeJson, readRawBody } from '../webhookBody';
import { TelegramUpdate, telegramEvents } from './updates';

/** Telegram's own cap on an update is far below this; a bigger body is not Telegram. */
const BODY_LIMIT = '1mb';

/**
 * `POST /webhooks/telegram/:channelId`: one Bot API Update. Telegram proves
 * itself with the secret it was given in setWebhook (`X-Telegram-Bot-Api-Secret-Token`).
 * A 2xx tells Telegram the update is ours, so it is answered only once the
 * update is durable; anything else makes Telegram send it again.
 */
export function telegramWebhook({ db, temporal, taskQueue, chatSettings, channels }: ApiDeps): Router {
  const chats = new ChatGateway(temporal, db, taskQueue, chatSettings);
  const router = new Router();

  router.post('/webhooks/telegram/:channelId', async (ctx) => {
    const channel = await loadChannel(db, ctx.params.channelId!, channels.secrets);
    if (!channel || channel.type !== 'telegram' || !channel.active) throw notFound('channel');
    const secret = channel.credentials.secret;
    if (typeof secret !== 'string' || !sameSecret(secret, ctx.get('x-telegram-bot-api-secret-token') || undefined)) {
      throw new HttpError(401, 'invalid_secret_token', 'missing or invalid X-Telegram-Bot-Api-Secret-Token');
    }
    const update = parse(TelegramUpdate, decodeJson(await readRawBody(ctx, BODY_LIMIT)));
    await applyInboundEvents(chats, db, { id: channel.id, type: 'telegram' }, telegramEvents(update, new Date()));
    ctx.status = 200;
    ctx.body = { ok: true };
  });

  return router;
}
