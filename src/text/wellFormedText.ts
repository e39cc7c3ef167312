/**
 * Text from outside is repaired at the edge, before validation, so nothing
 * downstream ever holds text a database or a JSON encoder refuses:
 * - a lone UTF-16 surrogate (an emoji cut in half by an integrator that
 *   truncated at a unit count; valid JSON, invalid Unicode) becomes U+FFFD,
 *   as `String.prototype.toWellFormed` does;
 * - NUL (U+0000) is removed: PostgreSQL cannot store it in text.
 * Everything else (BOM, direction marks, other controls) is kept as sent.
 * Repair rather than refuse: a customer's message is never lost for one
 * broken character. Applied to every string of a parsed body or query.
 */
export function wellFormedText(text: string): string {
  const repaired = (text as string & { toWellFormed(): string }).toWellFormed();
  return repaired.includes('\u0000') ? repaired.replaceAll('\u0000', '') : repaired;
}

/**
 * How deeply a JSON value from outside may nest (arrays and objects). Real
 * payloads stay under 10 levels; a body nested deeper is refused (400), so
 * nothing downstream (this repair, zod, JSON.stringify) ever walks an
 * absurdly deep value and overflows the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** A value nested deeper than MAX_JSON_DEPTH. */
export class JsonTooDeepError extends Error {
  constructor() {
    super(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    this.name = 'JsonTooDeepError';
  }
}

/**
 * Whether `value` nests more than `limit` arrays or objects deep. Iterative:
 * safe on any value JSON.parse returns (V8 parses 100,000 levels without complaint).
 */
export function nestedDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * `wellFormedText` on every string of a parsed JSON value (keys too), leaving
 * everything else as it is. Throws JsonTooDeepError past MAX_JSON_DEPTH
 * levels, so its recursion is bounded.
 */
export function wellFormedDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return wellFormedText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_JSON_DEPTH) throw new JsonTooDeepError();
  if (Array.isArray(value)) return value.map((item: unknown) => wellFormedDeep(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormedText(k), wellFormedDeep(v, depth + 1)]));
}
