import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { HttpError } from './httpError';

/** The exact bytes of a webhook call (signatures cover them), bounded. */
export function readRawBody(ctx: Context, limit: string): Promise<Buffer> {
  return getRawBody(ctx.req, { limit });
}

/** Strict UTF-8 JSON, or a 400 `invalid_json`. */
export function decodeJson(raw: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw new HttpError(400, 'invalid_json', 'body is not valid UTF-8 JSON');
  }
}
