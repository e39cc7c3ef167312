import { fetch } from 'undici';
import { signBody } from '../channels/signature';
import { PrivateCallbackError, type CallbackTargets } from '../channels/api/callbackTarget';

/** How one POST of an event went. `permanent`: it can never succeed (the address is refused), so it is not retried. */
export type WebhookAttempt =
  { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string; permanent: boolean };

/**
 * POSTs an event's body to a subscription's URL, signed like the API
 * channel's callbacks (`X-Atende-Signature: sha256=<HMAC of the body>`),
 * with the event's id and type in headers so receivers deduplicate without
 * parsing. The same SSRF guard as callbacks dials the address; redirects
 * are never followed. A 2xx is delivered; anything else is an error the
 * caller retries. Errors name neither the URL nor what the receiver said.
 */
export class WebhookSender {
  constructor(
    private readonly targets: CallbackTargets,
    private readonly timeoutMs = 10_000,
  ) {}

  async post(
    url: string,
    secret: string,
    event: { id: number; type: string },
    body: string,
    attempt: number,
  ): Promise<WebhookAttempt> {
    let dispatcher;
    try {
      dispatcher = this.targets.dispatcherFor(url);
    } catch (err) {
      if (err instanceof PrivateCallbackError) return refused();
      throw err;
    }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Atende-Webhooks/1',
          'x-atende-signature': signBody(secret, body),
          'x-atende-event-id': String(event.id),
          'x-atende-event-type': event.type,
          'x-atende-attempt': String(attempt),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
        dispatcher,
      });
      await res.body?.cancel();
      if (res.ok) return { ok: true, statusCode: res.status };
      const error =
        res.status >= 300 && res.status < 400
          ? 'answered with a redirect (3xx), which is not followed'
          : `answered ${res.status}`;
      return { ok: false, statusCode: res.status, error, permanent: false };
    } catch (err) {
      if (err instanceof Error && err.cause instanceof PrivateCallbackError) return refused();
      return { ok: false, statusCode: null, error: networkError(err), permanent: false };
    }
  }
}

function refused(): WebhookAttempt {
  return { ok: false, statusCode: null, error: 'url resolves to a non-public address', permanent: true };
}

/** A short reason without the address (fetch's messages may carry it). */
function networkError(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timed out';
  const code = err instanceof Error ? ((err.cause as { code?: unknown } | undefined)?.code ?? null) : null;
  return typeof code === 'string' ? `connection failed (${code})` : 'connection failed';
}
