import { CHAT_EVENT_TYPES } from '../events/chatEvents';
import type { Attendant, LiveEvent, Session } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** A 400's issues, `[{path: "body.cpf", message}]`, when the API gives them. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The refresh token survives a reload in sessionStorage: this tab and origin only, gone with the tab. */
const REFRESH_KEY = 'atende.refresh';

/**
 * The console's client of the REST API. The access token lives in memory
 * only; the refresh token in this tab's sessionStorage, which no script from
 * another origin can read (and the CSP allows no inline or foreign script).
 * A 401 on an expired access token refreshes once and retries.
 */
export class Api {
  private accessToken: string | null = null;
  me: Attendant | null = null;
  private refreshing: Promise<boolean> | null = null;
  onSignedOut: () => void = () => {};

  /** The session, or (2FA on) the challenge `loginSecondStep` answers with a code. */
  async login(email: string, password: string): Promise<Attendant | { challengeToken: string }> {
    const answer = await this.raw<Session | { challengeToken: string }>('POST', '/api/v1/auth/login', {
      email,
      password,
    });
    if ('challengeToken' in answer) return { challengeToken: answer.challengeToken };
    return this.begin(answer);
  }

  /** The second step of a 2FA login: a code from the app or a recovery code. */
  async loginSecondStep(
    challengeToken: string,
    second: { code: string } | { recoveryCode: string },
  ): Promise<Attendant> {
    return this.begin(await this.raw<Session>('POST', '/api/v1/auth/login/2fa', { challengeToken, ...second }));
  }

  /** A new password through a reset link (no session needed). */
  async resetPassword(token: string, password: string): Promise<void> {
    await this.raw('POST', '/api/v1/auth/password-reset', { token, password });
  }

  /** After a reload: a new pair from the stored refresh token, or null. */
  async restore(): Promise<Attendant | null> {
    return (await this.refresh()) ? this.me : null;
  }

  /** Signs out here and on the server: the refresh token's family is revoked (POST /auth/logout). */
  logout(): void {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (refreshToken) void this.raw('POST', '/api/v1/auth/logout', { refreshToken }).catch(() => undefined);
    this.accessToken = null;
    this.me = null;
    sessionStorage.removeItem(REFRESH_KEY);
    this.onSignedOut();
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await this.raw<T>(method, path, body, this.accessToken);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401 || !(await this.refresh())) throw err;
      return this.raw<T>(method, path, body, this.accessToken);
    }
  }

  /** A message's file as a blob URL (the media route needs the bearer token, an <img src> cannot send it). */
  async mediaUrl(messageId: string): Promise<string> {
    const res = await fetch(`/api/v1/messages/${encodeURIComponent(messageId)}/media`, {
      headers: { authorization: `Bearer ${this.accessToken ?? ''}` },
    });
    if (!res.ok) throw new ApiError(res.status, 'media', res.statusText);
    return URL.createObjectURL(await res.blob());
  }

  /** A file the API makes (a CSV report) as a blob, with the name its Content-Disposition gives. */
  async download(path: string): Promise<{ blob: Blob; filename: string | null }> {
    const get = () => fetch(path, { headers: { authorization: `Bearer ${this.accessToken ?? ''}` } });
    let res = await get();
    if (res.status === 401 && (await this.refresh())) res = await get();
    if (!res.ok) throw new ApiError(res.status, 'download', res.statusText);
    const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? null;
    return { blob: await res.blob(), filename };
  }

  /**
   * Live events. EventSource reconnects by itself; when the stream is refused
   * (an expired token) it is reopened with a fresh token from the last event
   * seen, so nothing is missed.
   */
  events(onEvent: (e: LiveEvent) => void): () => void {
    let source: EventSource | null = null;
    let lastId = '';
    let closed = false;
    const open = () => {
      if (closed || !this.accessToken) return;
      const query = new URLSearchParams({ access_token: this.accessToken, ...(lastId ? { lastEventId: lastId } : {}) });
      source = new EventSource(`/api/v1/events?${query}`);
      const handler = (e: MessageEvent<string>) => {
        lastId = e.lastEventId || lastId;
        const data = JSON.parse(e.data) as { chatId?: string } & Record<string, unknown>;
        onEvent({ type: e.type, chatId: data.chatId ?? '', id: e.lastEventId, data });
      };
      for (const type of CHAT_EVENT_TYPES) {
        source.addEventListener(type, handler as EventListener);
      }
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) return;
        source = null;
        void this.refresh().then((ok) => ok && setTimeout(open, 500));
      };
    };
    open();
    return () => {
      closed = true;
      source?.close();
    };
  }

  private begin(session: Session): Attendant {
    this.accessToken = session.accessToken;
    this.me = session.attendant;
    sessionStorage.setItem(REFRESH_KEY, session.refreshToken);
    return session.attendant;
  }

  /** One refresh at a time: parallel 401s share it (a refresh token is good once). */
  private refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const token = sessionStorage.getItem(REFRESH_KEY);
      if (!token) return false;
      try {
        this.begin(await this.raw<Session>('POST', '/api/v1/auth/refresh', { refreshToken: token }));
        return true;
      } catch {
        this.logout();
        return false;
      }
    })().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async raw<T>(method: string, path: string, body?: unknown, token?: string | null): Promise<T> {
    const res = await fetch(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : null;
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      throw new ApiError(res.status, error?.code ?? 'error', error?.message ?? res.statusText, error?.details);
    }
    return json as T;
  }
}
