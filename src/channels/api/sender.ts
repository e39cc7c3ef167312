import { signBody } from '../signature';
import { PermanentDeliveryError, type ChannelRecord, type ChannelSender, type OutboundMessage } from '../types';

/**
 * API channel outbound: POSTs the message to the channel's callbackUrl,
 * signed like inbound webhooks. 2xx delivered; 4xx permanent; anything else
 * (5xx, network, timeout) is thrown for the activity's retry policy.
 */
export class ApiChannelSender implements ChannelSender {
  constructor(private readonly timeoutMs = 10_000) {}

  async send(channel: ChannelRecord, message: OutboundMessage): Promise<void> {
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
      },
    });
    const res = await fetch(callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-atende-signature': signBody(secret, body) },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await res.body?.cancel();
    if (res.ok) return;
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      throw new PermanentDeliveryError(`callback answered ${res.status}`);
    }
    throw new Error(`callback answered ${res.status}`);
  }
}
