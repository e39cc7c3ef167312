import { GrammyError } from 'grammy';
import { HttpError } from '../../http/httpError';
import type { ChannelEnvironment, ChannelRecord } from '../types';
import type { TelegramClients } from './botApi';

/** Update kinds Atende reads: Telegram then sends no others. */
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/**
 * Tells Telegram how to reach a channel's bot: a webhook under PUBLIC_URL
 * (with the secret it must echo), or none in polling mode (getUpdates is
 * refused while a webhook is set). Without PUBLIC_URL a webhook channel is
 * left to the operator (docs: README). A token Telegram does not know is a
 * 400 naming `botToken`; Telegram unreachable is a 502.
 */
export async function registerTelegramChannel(
  clients: TelegramClients,
  env: ChannelEnvironment,
  channel: ChannelRecord,
): Promise<void> {
  const api = clients.forChannel(channel);
  try {
    if (channel.settings.mode === 'polling') {
      await api.deleteWebhook();
    } else if (env.publicUrl) {
      await api.setWebhook(`${env.publicUrl}/webhooks/telegram/${channel.id}`, {
        secret_token: String(channel.credentials.secret),
        allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
      });
    }
  } catch (err) {
    if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
      const message = 'Telegram does not know this bot token';
      throw new HttpError(400, 'invalid_request', `body.botToken: ${message}`, [{ path: 'body.botToken', message }]);
    }
    const reason = err instanceof GrammyError ? err.description : 'Telegram did not answer';
    throw new HttpError(502, 'channel_registration_failed', `could not register the webhook with Telegram: ${reason}`);
  }
}
