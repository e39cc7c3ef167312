import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart } from './multipart';

export interface GraphCall {
  method: string;
  path: string;
  authorization: string | undefined;
  json: Record<string, unknown> | null;
  form: Record<string, string>;
  files: Record<string, { name: string; type: string; data: Buffer }>;
}

type Failure = { status: number; code: number; message: string };

/** A message template as Meta lists it (`GET /{waba-id}/message_templates`). */
export interface FakeTemplate {
  name: string;
  language: string;
  status: string;
  category?: string;
  components: Record<string, unknown>[];
}

/**
 * A local stand-in of the WhatsApp Cloud API's Graph endpoints
 * (WHATSAPP_API_URL = `<url>/v21.0`): sends answer a fresh wamid, uploads a
 * media id, media ids resolve to a download URL that needs the bearer token.
 * Lists the business account's message templates (`templates`, paged, filtered
 * by `status`), takes read receipts and typing indicators (a POST to
 * `/messages` with `status: "read"`). Records every call; fails the next
 * sends, read receipts or template lists on demand with Meta's error shape.
 */
export class FakeGraphApi {
  readonly calls: GraphCall[] = [];
  /** Media customers "sent": media id → bytes and type. */
  readonly media = new Map<string, { data: Buffer; mimeType: string }>();
  /** The business account's templates, any status: the list answers those its query asks for. */
  templates: FakeTemplate[] = [];
  private readonly failures: Failure[] = [];
  private readonly readFailures: Failure[] = [];
  private readonly templateFailures: Failure[] = [];
  private counter = 0;
  private server!: http.Server;

  constructor(readonly accessToken: string) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The base URL Atende is configured with, version included. */
  get apiUrl(): string {
    return `${this.url}/v21.0`;
  }

  /** Messages sent (read receipts and typing indicators, also POSTs to `/messages`, are not). */
  sends(): GraphCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/messages') && !isReadReceipt(c));
  }

  /** Read receipts, with or without a typing indicator (`json.typing_indicator`). */
  readReceipts(): GraphCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/messages') && isReadReceipt(c));
  }

  /** Template lists asked for (`GET /{waba-id}/message_templates`). */
  templateLists(): GraphCall[] {
    return this.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/message_templates'));
  }

  /** The next send fails (e.g. 400 with code 131047, or 500). */
  failNextSend(failure: Failure): void {
    this.failures.push(failure);
  }

  /** The next read receipt or typing indicator fails. */
  failNextReadReceipt(failure: Failure): void {
    this.readFailures.push(failure);
  }

  /** The next template list fails (e.g. 400 code 100, 190 expired token, 500). */
  failNextTemplateList(failure: Failure): void {
    this.templateFailures.push(failure);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = (req.url ?? '').split('?')[0]!;
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    const call: GraphCall = {
      method: req.method ?? 'GET',
      path,
      authorization: req.headers.authorization,
      json: null,
      form: {},
      files: {},
    };
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const parts = parseMultipart(type, body);
      call.form = parts.fields;
      call.files = parts.files;
    } else if (body.length > 0) {
      call.json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    }
    this.calls.push(call);
    if (call.authorization !== `Bearer ${this.accessToken}`) {
      return json(res, 401, { error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190 } });
    }

    const download = /^\/download\/(.+)$/.exec(path);
    if (download) {
      const media = this.media.get(download[1]!);
      res.writeHead(media ? 200 : 404, { 'content-type': media?.mimeType ?? 'text/plain' }).end(media?.data ?? 'gone');
      return;
    }
    if (call.method === 'POST' && /^\/v21\.0\/\d+\/messages$/.test(path) && isReadReceipt(call)) {
      const failure = this.readFailures.shift();
      if (failure) return fail(res, failure);
      if (typeof call.json?.message_id !== 'string') {
        return json(res, 400, { error: { message: '(#100) Invalid parameter', code: 100 } });
      }
      return json(res, 200, { success: true });
    }
    if (call.method === 'GET' && /^\/v21\.0\/\d+\/message_templates$/.test(path)) {
      const failure = this.templateFailures.shift();
      if (failure) return fail(res, failure);
      const wanted = query.get('status');
      const all = this.templates.filter((t) => !wanted || t.status === wanted);
      const limit = Number(query.get('limit') ?? 25);
      const from = Number(query.get('after') ?? 0);
      const data = all.slice(from, from + limit);
      const more = from + limit < all.length;
      return json(res, 200, {
        data: data.map((t, i) => ({ ...t, id: String(1000 + from + i) })),
        paging: {
          cursors: { before: String(from), after: String(from + data.length) },
          ...(more ? { next: `${this.apiUrl}${path.slice('/v21.0'.length)}?after=${from + data.length}` } : {}),
        },
      });
    }
    if (call.method === 'POST' && /^\/v21\.0\/\d+\/messages$/.test(path)) {
      const failure = this.failures.shift();
      if (failure) {
        return json(res, failure.status, {
          error: { message: failure.message, type: 'OAuthException', code: failure.code },
        });
      }
      const to = String(call.json?.to);
      return json(res, 200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to }],
        messages: [{ id: `wamid.out${++this.counter}` }],
      });
    }
    if (call.method === 'POST' && /^\/v21\.0\/\d+\/media$/.test(path)) {
      return json(res, 200, { id: `upload-${++this.counter}` });
    }
    const mediaInfo = /^\/v21\.0\/([^/]+)$/.exec(path);
    if (call.method === 'GET' && mediaInfo && this.media.has(decodeURIComponent(mediaInfo[1]!))) {
      const id = decodeURIComponent(mediaInfo[1]!);
      const media = this.media.get(id)!;
      return json(res, 200, {
        messaging_product: 'whatsapp',
        url: `${this.url}/download/${id}`,
        mime_type: media.mimeType,
        file_size: media.data.length,
        id,
      });
    }
    json(res, 404, { error: { message: 'Unsupported request', code: 100 } });
  }
}

function isReadReceipt(call: GraphCall): boolean {
  return call.json?.status === 'read';
}

function fail(res: http.ServerResponse, failure: Failure): void {
  json(res, failure.status, { error: { message: failure.message, type: 'OAuthException', code: failure.code } });
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
