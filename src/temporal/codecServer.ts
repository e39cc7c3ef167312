import http from 'node:http';
import cors from '@koa/cors';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Payload, PayloadCodec } from '@temporalio/common';
import Koa from 'koa';
import { z } from 'zod';
import { errorMiddleware } from '../api/errors';
import { parse } from '../http/validate';
import type { Logger } from '../logger';

/**
 * The remote codec endpoint of the Temporal Web UI (its `--ui-codec-endpoint`):
 * the UI posts the payloads it shows to /decode, in protobuf's JSON form
 * (bytes as base64), and gets them back readable. Only the UI's own origins
 * may call it from a browser (CORS); it listens where the UI does, and must
 * be kept from wider networks exactly as the UI is, since it decrypts.
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

export function codecApp(codec: PayloadCodec, allowedOrigins: readonly string[], logger: Logger): Koa {
  const app = new Koa();
  app.use(errorMiddleware(logger));
  app.use(
    cors({
      // A browser page from any other origin gets no answer it can read.
      origin: (ctx) => (allowedOrigins.includes(ctx.get('origin')) ? ctx.get('origin') : ''),
      allowMethods: ['POST', 'OPTIONS'],
      allowHeaders: ['content-type', 'x-namespace', 'authorization'],
      credentials: true,
    }),
  );
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '16mb' }));
  const router = new Router();
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
  allowedOrigins: readonly string[];
  logger: Logger;
}): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(codecApp(opts.codec, opts.allowedOrigins, opts.logger).callback());
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
