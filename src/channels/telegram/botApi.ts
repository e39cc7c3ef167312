import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Api } from 'grammy';
import { PermanentDeliveryError, type ChannelRecord } from '../types';

/**
 * grammY Bot API clients, kept per bot token, so the throttler's queues
 * (Telegram's limits: 30 messages/s per bot, 1/s per chat) span every send
 * of the process. Two clients per token share one throttler: the patient
 * one, whose auto-retry waits out a 429's `retry_after` (and retries 5xx)
 * within one call, for the outbox's deliveries; and the hasty one, which
 * tries once, for a step's first attempt (see FIRST_ATTEMPT_TIMEOUT_MS).
 */
export class TelegramClients {
  private readonly clients = new Map<string, { patient: Api; hasty: Api }>();

  constructor(private readonly apiRoot: string) {}

  forChannel(channel: ChannelRecord, { retries = true }: { retries?: boolean } = {}): Api {
    const token = channel.credentials.botToken;
    if (typeof token !== 'string') throw new PermanentDeliveryError('telegram channel has no botToken');
    return this.forToken(token, { retries });
  }

  forToken(token: string, { retries = true }: { retries?: boolean } = {}): Api {
    let pair = this.clients.get(token);
    if (!pair) {
      const throttle = apiThrottler();
      const patient = new Api(token, { apiRoot: this.apiRoot });
      patient.config.use(throttle);
      patient.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
      const hasty = new Api(token, { apiRoot: this.apiRoot });
      hasty.config.use(throttle);
      pair = { patient, hasty };
      this.clients.set(token, pair);
    }
    return retries ? pair.patient : pair.hasty;
  }

  /** Where the Bot API serves a file got by `getFile` (https://core.telegram.org/bots/api#file). */
  fileUrl(token: string, filePath: string): string {
    return `${this.apiRoot}/file/bot${token}/${filePath}`;
  }
}
