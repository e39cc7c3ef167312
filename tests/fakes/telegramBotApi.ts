import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart } from './multipart';

/** One Bot API call as the fake received it: JSON fields, or form fields with files as bytes. */
export interface BotApiCall {
  token: string;
  method: string;
  params: Record<string, unknown>;
  files: Record<string, { name: string; data: Buffer }>;
}

type Failure = { status: number; description: string; retryAfter?: number };

/**
 * A local stand-in of the Telegram Bot API (TELEGRAM_API_ROOT): records every
 * call, answers like Telegram (`{ok, result}` / `{ok:false, error_code,
 * description, parameters}`), serves files, long-polls queued updates for
 * getUpdates, takes chat actions (`sendChatAction`, typing), and fails calls on
 * demand (403 blocked, 400, 429 with retry_after, 5xx).
 */
export class FakeBotApi {
  readonly calls: BotApiCall[] = [];
  /** Files customers "sent": file_id → bytes. */
  readonly files = new Map<string, Buffer>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly updates: Array<{ token?: string; update: Record<string, unknown> & { update_id: number } }> = [];
  /** getUpdates calls in flight, per bot: Telegram allows one at a time. */
  private readonly polling = new Map<string, http.ServerResponse>();
  /** getUpdates calls ended by a newer one for the same bot (Telegram's 409 Conflict), per bot. */
  readonly conflicts = new Map<string, number>();
  private readonly waiting = new Set<() => void>();
  private nextMessageId = 1000;
  private server!: http.Server;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      // A fake that cannot read a request answers 500 (and the test sees it), never crashes the run.
      this.handle(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiting) wake();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  callsOf(method: string): BotApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The next `count` calls of `method` fail this way. */
  failNext(method: string, failure: Failure, count = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < count; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** An update for getUpdates (polling mode): for the bot of `token`, or for any bot when none is given. */
  pushUpdate(update: Record<string, unknown> & { update_id: number }, token?: string): void {
    this.updates.push({ update, ...(token ? { token } : {}) });
    for (const wake of this.waiting) wake();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && file) {
      const data = this.files.get(decodeURIComponent(file[2]!.replace(/^files\//, '')));
      res.writeHead(data ? 200 : 404).end(data ?? 'not found');
      return;
    }
    const call = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    if (!call) {
      res.writeHead(404).end();
      return;
    }
    const [, token, method] = call as unknown as [string, string, string];
    const { params, files } = parseParams(req, body);
    this.calls.push({ token, method, params, files });

    if (method === 'getUpdates') {
      // Like Telegram: a second poller of the same bot ends the first one's call with 409.
      const earlier = this.polling.get(token);
      if (earlier && !earlier.writableEnded && !earlier.destroyed) {
        this.conflicts.set(token, (this.conflicts.get(token) ?? 0) + 1);
        reply(earlier, 409, {
          ok: false,
          error_code: 409,
          description:
            'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        });
      }
      this.polling.set(token, res);
      res.once('close', () => this.polling.get(token) === res && this.polling.delete(token));
    }
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      return reply(res, failure.status, {
        ok: false,
        error_code: failure.status,
        description: failure.description,
        ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}),
      });
    }
    const result = await this.result(method, params, token);
    if (!res.writableEnded) reply(res, 200, { ok: true, result });
  }

  private async result(method: string, params: Record<string, unknown>, token: string): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return { id: 1, is_bot: true, first_name: 'Atende', username: 'atende_bot' };
      case 'setWebhook':
      case 'deleteWebhook':
      case 'sendChatAction':
        return true;
      case 'getFile': {
        const id = String(params.file_id);
        return {
          file_id: id,
          file_unique_id: `u-${id}`,
          file_size: this.files.get(id)?.length,
          file_path: `files/${id}`,
        };
      }
      case 'getUpdates':
        return this.pendingUpdates(token, Number(params.offset ?? 0), Number(params.timeout ?? 0));
      default:
        if (method.startsWith('send')) {
          return {
            message_id: this.nextMessageId++,
            date: Math.floor(Date.now() / 1000),
            chat: { id: Number(params.chat_id), type: 'private' },
          };
        }
        return true;
    }
  }

  /** Telegram's contract: updates from `offset` on; older ones are confirmed and forgotten. */
  private async pendingUpdates(token: string, offset: number, timeoutSeconds: number) {
    const fresh = () =>
      this.updates.filter((u) => (u.token ?? token) === token && u.update.update_id >= offset).map((u) => u.update);
    if (fresh().length === 0 && timeoutSeconds > 0) {
      await new Promise<void>((resolve) => {
        const wake = () => (this.waiting.delete(wake), clearTimeout(timer), resolve());
        const timer = setTimeout(wake, Math.min(timeoutSeconds, 2) * 1000);
        this.waiting.add(wake);
      });
    }
    return fresh();
  }
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** JSON bodies, or multipart forms (grammY's way to upload a file), through the platform's own parser. */
function parseParams(req: http.IncomingMessage, body: Buffer) {
  const type = req.headers['content-type'] ?? '';
  const params: Record<string, unknown> = {};
  const files: BotApiCall['files'] = {};
  if (type.startsWith('multipart/form-data')) {
    const parts = parseMultipart(type, body);
    Object.assign(params, parts.fields);
    for (const [key, file] of Object.entries(parts.files)) files[key] = { name: file.name, data: file.data };
  } else if (body.length > 0) {
    Object.assign(params, JSON.parse(body.toString('utf8')) as Record<string, unknown>);
  }
  return { params, files };
}
