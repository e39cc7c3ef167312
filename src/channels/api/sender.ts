import { fetch } from 'undici';
import { signBody } from '../signature';
import { PrivateCallbackError, type CallbackTargets } from './callbackTarget';
import type { MediaStore } from '../../media/mediaStore';
import { FIRST_ATTEMPT_TIMEOUT_MS, PermanentDeliveryError } from '../types';
import type { ChannelRecord, ChannelSender, OutboundMessage, SendOptions, SendReceipt } from '../types';

/** The refusal recorded for a 3xx: it names neither the status nor where the callback pointed. */
export const REDIRECT_REFUSED = 'callback answered with a redirect (3xx), which is not followed';

/**
 * API channel outbound: POSTs the message to the channel's callbackUrl,
 * signed like inbound webhooks. 2xx delivered; 3xx and 4xx permanent;
 * anything else (5xx, network, timeout) is thrown for the activity's retry
 * policy.
 *
 * Redirects are never followed, whatever the SSRF policy: a callback host
 * could otherwise send our signed POST (307/308), or a GET (301-303), to an
 * address the policy refuses (IP literals skip its resolver), and what that
 * internal service answered would come back to the admin as `deliveryError`.
 */
export class ApiChannelSender implements ChannelSender {
  constructor(
    private readonly media: MediaStore,
    private readonly targets: CallbackTargets,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(channel: ChannelRecord, message: OutboundMessage, options: SendOptions = {}): Promise<SendReceipt> {
    const callbackUrl = channel.settings.callbackUrl;
    const secret = channel.credentials.secret;
    if (typeof callbackUrl !== 'string' || typeof secret !== 'string') {
      throw new PermanentDeliveryError('channel has no callbackUrl or secret');
    }
    const body = JSON.stringify({
      type: 'OUTBOUND_MESSAGE',
      data: {
        id: message.messageId,
        conversation_id: message.externalChatId,
        content: message.content,
        sender: message.sender,
        // A satisfaction survey question: `kind` tells it apart, `csat` which one (a rating is "1"–"5").
        ...(message.csat ? { kind: 'csat', csat: message.csat } : {}),
        ...(await this.attachment(message)),
      },
    });
    const res = await fetch(callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-atende-signature': signBody(secret, body) },
      body,
      signal: AbortSignal.timeout(
        options.firstAttempt ? Math.min(this.timeoutMs, FIRST_ATTEMPT_TIMEOUT_MS) : this.timeoutMs,
      ),
      redirect: 'manual',
      dispatcher: this.dispatcherFor(callbackUrl),
    }).catch((err: unknown) => {
      // The policy's refusal surfaces as fetch's TypeError with the reason as its cause.
      if (err instanceof Error && err.cause instanceof PrivateCallbackError) {
        throw new PermanentDeliveryError(err.cause.message);
      }
      throw err;
    });
    await res.body?.cancel();
    if (res.ok) return { status: 'delivered' };
    if (res.status >= 300 && res.status < 400) throw new PermanentDeliveryError(REDIRECT_REFUSED);
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      throw new PermanentDeliveryError(`callback answered ${res.status}`);
    }
    throw new Error(`callback answered ${res.status}`);
  }

  private dispatcherFor(callbackUrl: string) {
    try {
      return this.targets.dispatcherFor(callbackUrl);
    } catch (err) {
      if (err instanceof PrivateCallbackError) throw new PermanentDeliveryError(err.message);
      throw err;
    }
  }

  /** A file goes inline, base64 (docs/api.md caps attachments at 16 MB). */
  private async attachment({ attachment: file }: OutboundMessage) {
    if (!file?.sha256) return {};
    const data = await this.media.read(file.sha256);
    return {
      attachment: { filename: file.filename, mimeType: file.mimeType, dataBase64: data.toString('base64') },
    };
  }
}
