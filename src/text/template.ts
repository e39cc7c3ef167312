/**
 * Text with variables: `{{contact.firstName}}`, with an optional fallback for
 * a missing value, `{{contact.firstName|cliente}}`. Used by canned responses
 * (src/cannedResponses/) and meant for automatic messages too.
 *
 * A tiny strict renderer instead of a template library: a variable is a
 * dotted name looked up in a flat table of strings, nothing is evaluated,
 * there are no loops, conditions or filters, and output is never re-scanned
 * (a contact named "{{chat.protocol}}" stays that text). Strict means a
 * name the caller does not know is an error when the text is saved, not an
 * empty spot discovered when a customer reads it. Anything that is not
 * `{{`, a name, an optional `|fallback` and `}}` is plain text, so a lone
 * brace or `{{ }}` in prose is kept as written.
 */

/** `{{ name }}` or `{{ name | fallback }}`; the name is letters and digits in dotted parts. */
const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)\s*(?:\|([^{}]*))?\}\}/g;

/** A variable as written in a text: its name, fallback and where it is. */
export interface TemplateVariable {
  name: string;
  fallback: string | null;
  index: number;
}

/** Every variable of `text`, in order. */
export function templateVariables(text: string): TemplateVariable[] {
  return [...text.matchAll(VARIABLE)].map((m) => ({
    name: m[1]!,
    fallback: m[2] === undefined ? null : m[2].trim(),
    index: m.index,
  }));
}

/** The names `text` uses that `known` does not list, once each, in order. */
export function unknownVariables(text: string, known: readonly string[]): string[] {
  const unknown = templateVariables(text)
    .map((v) => v.name)
    .filter((name) => !known.includes(name));
  return [...new Set(unknown)];
}

/**
 * `text` with each variable replaced by its value. A value that is missing
 * (undefined, null or blank) becomes the variable's fallback, or nothing. A
 * name not in `values` is left as written: callers check names with
 * `unknownVariables` first.
 */
export function renderTemplate(text: string, values: Readonly<Record<string, string | null | undefined>>): string {
  return text.replace(VARIABLE, (whole, name: string, fallback: string | undefined) => {
    if (!Object.hasOwn(values, name)) return whole;
    const value = values[name]?.trim();
    return value ? value : (fallback?.trim() ?? '');
  });
}
