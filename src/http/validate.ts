import type { z } from 'zod';
import { HttpError } from './httpError';
import { JsonTooDeepError, wellFormedDeep } from '../text/wellFormedText';

/**
 * Parses with zod or throws a 400 naming the first problem (all issues in
 * details). Every request body and query passes here, so every string is
 * first repaired to well-formed text (see wellFormedText). A value nested
 * deeper than MAX_JSON_DEPTH is a 400 `invalid_json`.
 */
export function parse<S extends z.ZodType>(schema: S, data: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(repaired(data, where));
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message }));
  const first = issues[0]!;
  throw new HttpError(400, 'invalid_request', `${first.path}: ${first.message}`, issues);
}

function repaired(data: unknown, where: string): unknown {
  try {
    return wellFormedDeep(data);
  } catch (err) {
    if (err instanceof JsonTooDeepError) throw new HttpError(400, 'invalid_json', `${where}: ${err.message}`);
    throw err;
  }
}
