import { PermanentDeliveryError } from '../types';

/** Meta's error body (https://developers.facebook.com/docs/graph-api/guides/error-handling). */
interface GraphErrorBody {
  error?: { message?: string; code?: number; error_subcode?: number; error_data?: { details?: string } };
}

/** Graph error codes that mean "later", whatever the HTTP status (rate and throughput limits). */
const RETRY_LATER_CODES = new Set([4, 80007, 130429, 131056]);

export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'GraphApiError';
  }
}

/**
 * The few Graph API calls of the WhatsApp Cloud API Atende makes, over
 * fetch: Meta publishes no maintained Node SDK for it (its `whatsapp`
 * package is archived), and these are three JSON requests and a download.
 * A refusal (4xx other than rate limits) throws a PermanentDeliveryError
 * naming Meta's code and title; the rest throw plain errors to be retried.
 */
export class WhatsAppGraph {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 15_000,
  ) {}

  /** `signal`: a caller's own deadline, beside this client's per-call timeout. */
  async postJson<T>(token: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    return this.call<T>(
      token,
      path,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      signal,
    );
  }

  async postForm<T>(token: string, path: string, form: FormData, signal?: AbortSignal): Promise<T> {
    return this.call<T>(token, path, { method: 'POST', body: form }, signal);
  }

  async getJson<T>(token: string, path: string): Promise<T> {
    return this.call<T>(token, path, { method: 'GET' });
  }

  /** A media URL Meta handed out: it needs the same bearer token. */
  async download(token: string, url: string): Promise<Uint8Array> {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`media download answered ${res.status}`);
    }
    return new Uint8Array(await res.arrayBuffer());
  }

  private async call<T>(token: string, path: string, init: RequestInit, signal?: AbortSignal): Promise<T> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const res = await fetch(`${this.baseUrl}/${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = await res.text();
    if (res.ok) return JSON.parse(text) as T;
    let body: GraphErrorBody = {};
    try {
      body = JSON.parse(text) as GraphErrorBody;
    } catch {
      // Not JSON (a proxy's page): judged by the status alone.
    }
    const code = body.error?.code;
    const reason = [code, body.error?.message].filter((v) => v !== undefined).join(' ') || `HTTP ${res.status}`;
    const permanent = res.status >= 400 && res.status < 500 && res.status !== 429 && !RETRY_LATER_CODES.has(code ?? -1);
    if (permanent) throw new PermanentDeliveryError(`WhatsApp ${reason}`);
    throw new GraphApiError(res.status, code, `WhatsApp ${reason}`);
  }
}
