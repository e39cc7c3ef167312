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

/** `wellFormedText` on every string of a parsed JSON value (keys too), leaving everything else as it is. */
export function wellFormedDeep(value: unknown): unknown {
  if (typeof value === 'string') return wellFormedText(value);
  if (Array.isArray(value)) return value.map(wellFormedDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormedText(k), wellFormedDeep(v)]));
  }
  return value;
}
