import type { MediaStore } from '../../media/mediaStore';
import { mediaTypeOf } from '../../media/mediaTypes';
import type { MediaFile } from '../../../workflows/types';
import { FIRST_ATTEMPT_TIMEOUT_MS, PermanentDeliveryError, PRESENCE_TIMEOUT_MS } from '../types';
import type { ChannelRecord, ChannelSender, OutboundMessage, PresenceTarget, SendOptions, SendReceipt } from '../types';
import type { WhatsAppGraph } from './graphApi';
import { CSAT_CHOICES } from '../../csat/texts';

interface SendAnswer {
  messages?: { id: string }[];
}

/** Credentials of a WhatsApp channel, or a refusal: a channel without them cannot send. */
export function whatsappCredentials(channel: ChannelRecord): { phoneNumberId: string; accessToken: string } {
  const { phoneNumberId } = channel.settings;
  const { accessToken } = channel.credentials;
  if (typeof phoneNumberId !== 'string' || typeof accessToken !== 'string') {
    throw new PermanentDeliveryError('whatsapp channel has no phoneNumberId or accessToken');
  }
  return { phoneNumberId, accessToken };
}

/**
 * Sends through the Cloud API (`POST /<phone number id>/messages`). Meta
 * answers with the message's wamid at once and reports delivery later by
 * webhook, so an accepted message is `sent` until its statuses arrive.
 */
export class WhatsAppSender implements ChannelSender {
  constructor(
    private readonly graph: WhatsAppGraph,
    private readonly media: MediaStore,
  ) {}

  async send(channel: ChannelRecord, message: OutboundMessage, options: SendOptions = {}): Promise<SendReceipt> {
    const { phoneNumberId, accessToken } = whatsappCredentials(channel);
    // Meta's client has no retries of its own: a first attempt is bounded by its deadline alone.
    const signal = options.firstAttempt ? AbortSignal.timeout(FIRST_ATTEMPT_TIMEOUT_MS) : undefined;
    const body = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: message.externalChatId,
      ...(await this.payload(phoneNumberId, accessToken, message, signal)),
    };
    const answer = await this.graph.postJson<SendAnswer>(accessToken, `${phoneNumberId}/messages`, body, signal);
    const id = answer.messages?.[0]?.id;
    if (!id) throw new Error('WhatsApp answered without a message id');
    return { providerMessageId: id, status: 'sent' };
  }

  /**
   * Meta's typing indicator is a read receipt of the customer's last message
   * with `typing_indicator` (it shows for up to 25 s or until we answer), so it
   * needs that message: a conversation with none shows nothing.
   */
  async showTyping(channel: ChannelRecord, target: PresenceTarget): Promise<boolean> {
    if (!target.lastInboundMessageId) return false;
    await this.readReceipt(channel, target.lastInboundMessageId, { typing_indicator: { type: 'text' } });
    return true;
  }

  async markRead(channel: ChannelRecord, inboundMessageId: string): Promise<void> {
    await this.readReceipt(channel, inboundMessageId, {});
  }

  private async readReceipt(channel: ChannelRecord, wamid: string, extra: object): Promise<void> {
    const { phoneNumberId, accessToken } = whatsappCredentials(channel);
    await this.graph.postJson(
      accessToken,
      `${phoneNumberId}/messages`,
      { messaging_product: 'whatsapp', status: 'read', message_id: wamid, ...extra },
      AbortSignal.timeout(PRESENCE_TIMEOUT_MS),
    );
  }

  private async payload(
    phoneNumberId: string,
    token: string,
    message: OutboundMessage,
    signal?: AbortSignal,
  ): Promise<object> {
    if (message.template) {
      const { name, language, components } = message.template;
      return {
        type: 'template',
        template: { name, language: { code: language }, ...(components ? { components } : {}) },
      };
    }
    if (message.csat === 'rating' && !message.attachment) return csatList(message.content);
    const file = message.attachment;
    if (!file?.sha256) return { type: 'text', text: { body: message.content, preview_url: false } };
    const id = await this.upload(phoneNumberId, token, file, signal);
    const type = mediaTypeOf(file.mimeType);
    const caption = message.content && type !== 'audio' ? { caption: message.content } : {};
    const filename = type === 'document' && file.filename ? { filename: file.filename } : {};
    return { type, [type]: { id, ...caption, ...filename } };
  }

  /** Uploads a file to Meta (`POST /<phone number id>/media`); messages then name it by id. */
  private async upload(phoneNumberId: string, token: string, file: MediaFile, signal?: AbortSignal) {
    const { mimeType = 'application/octet-stream', filename = 'file' } = file;
    const sha256 = file.sha256!;
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', mimeType);
    form.set('file', new Blob([new Uint8Array(await this.media.read(sha256))], { type: mimeType }), filename);
    const answer = await this.graph.postForm<{ id?: string }>(token, `${phoneNumberId}/media`, form, signal);
    if (!answer.id) throw new Error('WhatsApp media upload answered without an id');
    return answer.id;
  }
}

/**
 * The survey's rating question as an interactive list (reply buttons stop at
 * three): rows titled "1" to "5", so the reply's title is the rating
 * (`list_reply`, read by the webhook as the message's text).
 */
function csatList(question: string): object {
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: question.slice(0, 1024) },
      action: {
        button: 'Avaliar',
        sections: [
          {
            title: 'Nota',
            rows: [...CSAT_CHOICES]
              .reverse()
              .map((c) => ({ id: `csat:${c.rating}`, title: String(c.rating), description: c.label })),
          },
        ],
      },
    },
  };
}
