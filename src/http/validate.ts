import type { z } from 'zod';
import { HttpError } from './httpError';
import { wellFormedDeep } from '../text/wellFormedText';

/**
 * Parses with zod or throws a 400 naming the first problem (all issues in
 * details). Every request body and query passes here, so every string is
 * first repaired to well-formed text (see wellFormedText).
 */
export function parse<S extends z.ZodType>(schema: S, data: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(wellFormedDeep(data));
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message }));
  const first = issues[0]!;
  throw new HttpError(400, 'invalid_request', `${first.path}: ${first.message}`, issues);
}
