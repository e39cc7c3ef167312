import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Api } from 'grammy';
import { PermanentDeliveryError, type ChannelRecord } from '../types';

/**
 * grammY Bot API clients, one per bot token and kept, so the throttler's
 * queues (Telegram's limits: 30 messages/s per bot, 1/s per chat) span every
 * send of the process. Auto-retry waits out a 429's `retry_after` (and
 * retries 5xx) within one call; longer waits fail the call for the
 * activity's own retry.
 */
export class TelegramClients {
  private readonly clients = new Map<string, Api>();

  constructor(private readonly apiRoot: string) {}

  forChannel(channel: ChannelRecord): Api {
    const token = channel.credentials.botToken;
    if (typeof token !== 'string') throw new PermanentDeliveryError('telegram channel has no botToken');
    return this.forToken(token);
  }

  forToken(token: string): Api {
    let api = this.clients.get(token);
    if (!api) {
      api = new Api(token, { apiRoot: this.apiRoot });
      api.config.use(apiThrottler());
      api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
      this.clients.set(token, api);
    }
    return api;
  }

  /** Where the Bot API serves a file got by `getFile` (https://core.telegram.org/bots/api#file). */
  fileUrl(token: string, filePath: string): string {
    return `${this.apiRoot}/file/bot${token}/${filePath}`;
  }
}
