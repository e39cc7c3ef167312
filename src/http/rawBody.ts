import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { HttpError } from './httpError';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../text/wellFormedText';

/** The exact bytes of a webhook call (signatures cover them), bounded. */
export function readRawBody(ctx: Context, limit: string): Promise<Buffer> {
  return getRawBody(ctx.req, { limit });
}

/** Strict UTF-8 JSON nested at most MAX_JSON_DEPTH levels, or a 400 `invalid_json`. */
export function decodeJson(raw: Buffer): unknown {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw new HttpError(400, 'invalid_json', 'body is not valid UTF-8 JSON');
  }
  if (nestedDeeperThan(value)) {
    throw new HttpError(400, 'invalid_json', `body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return value;
}
