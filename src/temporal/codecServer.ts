import http from 'node:http';
import cors from '@koa/cors';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Payload, PayloadCodec } from '@temporalio/common';
import Koa from 'koa';
import { z } from 'zod';
import { requireAuth, requireRole } from '../api/auth';
import { errorMiddleware } from '../api/errors';
import type { TokenService } from '../auth/tokens';
import type { Db } from '../db/client';
import { HttpError } from '../http/httpError';
import { parse } from '../http/validate';
import type { Logger } from '../logger';

/**
 * The remote codec endpoint of the Temporal Web UI (its `--ui-codec-endpoint`):
 * the UI posts the payloads it shows to /decode, in protobuf's JSON form
 * (bytes as base64), and gets them back readable. Since it decrypts chats,
 * every request passes three gates (see CodecAccess): its `Host` must be one
 * of this endpoint's own names (no DNS rebinding), a browser page must come
 * from the UI's origin (CORS), and in production the caller must prove to be
 * an active supervisor or admin with an Atende access token, exactly as the
 * API checks it.
 */
const JsonPayloads = z.object({
  payloads: z
    .array(
      z.object({
        metadata: z.record(z.string(), z.base64()).optional(),
        data: z.base64().optional(),
      }),
    )
    .max(10_000),
});
type JsonPayload = z.infer<typeof JsonPayloads>['payloads'][number];

function fromJson({ metadata, data }: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    ...(data !== undefined ? { data: Buffer.from(data, 'base64') } : {}),
  };
}

function toJson({ metadata, data }: Payload): JsonPayload {
  // Buffer.from copies any byte array (a Uint8Array, or a plain array of bytes).
  const base64 = (bytes: ArrayLike<number>) => Buffer.from(bytes as Uint8Array).toString('base64');
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, base64(v)])),
    // Empty bytes are left out, as protobuf's JSON form does.
    ...(data && data.length > 0 ? { data: base64(data) } : {}),
  };
}

/** Who may use the codec endpoint. */
export interface CodecAccess {
  /** Browser origins allowed to read its answers (CORS). */
  allowedOrigins: readonly string[];
  /**
   * `Host` values it answers to: "name:port", or a bare name for any port
   * (lower case). Any other Host is a 421: a page on a rebound DNS name
   * reaches the endpoint's address but names another host.
   */
  allowedHosts: readonly string[];
  /**
   * Credentials checked on every call (`Authorization: Bearer <access
   * token>`, a supervisor or admin); null takes anyone past the other gates,
   * for the embedded dev server's UI in development only.
   */
  auth: { tokens: TokenService; db: Db } | null;
}

/** True when `host` (a Host header) is one of `allowed`. */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const value = host.trim().toLowerCase();
  if (!value) return false;
  const name = value.replace(/:\d+$/, '');
  return allowed.some((entry) => entry === value || entry === name);
}

export function codecApp(codec: PayloadCodec, access: CodecAccess, logger: Logger): Koa {
  const app = new Koa();
  app.use(errorMiddleware(logger));
  app.use(async (ctx, next) => {
    if (!hostAllowed(ctx.get('host'), access.allowedHosts)) {
      throw new HttpError(421, 'host_not_allowed', 'this codec endpoint does not answer to that Host');
    }
    await next();
  });
  app.use(
    cors({
      // A browser page from any other origin gets no answer it can read.
      origin: (ctx) => (access.allowedOrigins.includes(ctx.get('origin')) ? ctx.get('origin') : ''),
      allowMethods: ['POST', 'OPTIONS'],
      allowHeaders: ['content-type', 'x-namespace', 'authorization'],
      credentials: true,
    }),
  );
  if (access.auth) {
    // The API's own guard: token signature and type, then role, activity and token version from the database.
    app.use(requireAuth(access.auth.tokens, access.auth.db));
    app.use(requireRole('supervisor', 'admin'));
  }
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '16mb' }));
  const router = new Router();
  // /encode is for the UI's own sends (a signal typed in the UI); it passes the same gates as /decode.
  for (const [path, step] of [
    ['/decode', (p: Payload[]) => codec.decode(p)],
    ['/encode', (p: Payload[]) => codec.encode(p)],
  ] as const) {
    router.post(path, async (ctx) => {
      const { payloads } = parse(JsonPayloads, ctx.request.body);
      ctx.body = { payloads: (await step(payloads.map(fromJson))).map(toJson) };
    });
  }
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

/** Listens on host:port; resolves once listening, with a close(). */
export async function startCodecServer(opts: {
  codec: PayloadCodec;
  host: string;
  port: number;
  access: CodecAccess;
  logger: Logger;
}): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(codecApp(opts.codec, opts.access, opts.logger).callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    url: `http://${opts.host}:${opts.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The origins a browser shows the embedded Web UI under: its host, and both loopback names when local. */
export function webUiOrigins(host: string, uiPort: number): string[] {
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  const hosts = loopback ? ['127.0.0.1', 'localhost', '[::1]'] : [host];
  return hosts.map((h) => `http://${h}:${uiPort}`);
}

const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The Host values a browser reaches this endpoint under by default: the
 * loopback names, and HOST unless it is a wildcard (then the operator lists
 * the public names in CODEC_ALLOWED_HOSTS), each with the codec's port.
 */
export function codecHosts(host: string, codecPort: number): string[] {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  const own = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  if (!WILDCARD.has(host) && !names.includes(own.toLowerCase())) names.push(own.toLowerCase());
  return names.map((name) => `${name}:${codecPort}`);
}
