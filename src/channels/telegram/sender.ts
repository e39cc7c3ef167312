import { GrammyError, InputFile, type Api } from 'grammy';
import type { MediaStore } from '../../media/mediaStore';
import { mediaTypeOf } from '../../media/mediaTypes';
import { FIRST_ATTEMPT_TIMEOUT_MS, PermanentDeliveryError, PRESENCE_TIMEOUT_MS } from '../types';
import type { ChannelRecord, ChannelSender, OutboundMessage, PresenceTarget, SendOptions, SendReceipt } from '../types';
import type { TelegramClients } from './botApi';
import { telegramMessageKey } from './messageKey';
import { CSAT_CHOICES } from '../../csat/texts';

/** The survey's rating question: one row of buttons 1–5; a press comes back as a `callback_query` (`csat:<n>`). */
const CSAT_KEYBOARD = {
  reply_markup: {
    inline_keyboard: [CSAT_CHOICES.map((c) => ({ text: String(c.rating), callback_data: `csat:${c.rating}` }))],
  },
};

type Signal = Parameters<Api['sendMessage']>[3];

/** Telegram's caption limit; longer text goes as its own message after the file. */
const MAX_CAPTION = 1024;

/**
 * Sends through the Bot API. A 400 (bad chat, text too long) or 403 (the
 * user blocked the bot) is a refusal: the message is marked failed with
 * Telegram's description. Telegram has no delivery receipts for bots, so an
 * accepted message is `delivered`.
 */
export class TelegramSender implements ChannelSender {
  constructor(
    private readonly clients: TelegramClients,
    private readonly media: MediaStore,
  ) {}

  async send(channel: ChannelRecord, message: OutboundMessage, options: SendOptions = {}): Promise<SendReceipt> {
    const api = this.clients.forChannel(channel, { retries: !options.firstAttempt });
    // grammY types its signal with an AbortSignal polyfill's type; Node's own is what it runs with.
    const signal = (options.firstAttempt ? AbortSignal.timeout(FIRST_ATTEMPT_TIMEOUT_MS) : undefined) as Signal;
    const chatId = message.externalChatId;
    try {
      const sent = message.attachment?.sha256
        ? await this.sendFile(api, chatId, message, signal)
        : await api.sendMessage(chatId, message.content, message.csat === 'rating' ? CSAT_KEYBOARD : {}, signal);
      return { providerMessageId: telegramMessageKey(chatId, sent.message_id), status: 'delivered' };
    } catch (err) {
      if (err instanceof GrammyError && (err.error_code === 400 || err.error_code === 403)) {
        throw new PermanentDeliveryError(`Telegram ${err.error_code}: ${err.description}`);
      }
      throw err;
    }
  }

  /** `sendChatAction typing`: Telegram shows it for 5 s or until the next message. Bots have no read receipts. */
  async showTyping(channel: ChannelRecord, target: PresenceTarget): Promise<boolean> {
    const api = this.clients.forChannel(channel, { retries: false });
    await api.sendChatAction(target.externalChatId, 'typing', {}, AbortSignal.timeout(PRESENCE_TIMEOUT_MS) as Signal);
    return true;
  }

  private async sendFile(api: Api, chatId: string, message: OutboundMessage, signal: Signal) {
    const file = message.attachment!;
    const input = new InputFile(await this.media.read(file.sha256!), file.filename);
    const long = message.content.length > MAX_CAPTION;
    const options = message.content && !long ? { caption: message.content } : {};
    const sent = await (() => {
      switch (mediaTypeOf(file.mimeType)) {
        case 'image':
          return api.sendPhoto(chatId, input, options, signal);
        case 'video':
          return api.sendVideo(chatId, input, options, signal);
        case 'audio':
          return api.sendAudio(chatId, input, options, signal);
        default:
          return api.sendDocument(chatId, input, options, signal);
      }
    })();
    if (long) await api.sendMessage(chatId, message.content, {}, signal);
    return sent;
  }
}
