/**
 * JSON columns are stored as text. Reading one never fails: bad JSON (a row
 * edited by hand) reads as the fallback, so one bad row cannot fail a page or
 * an activity.
 */
export function readJsonColumn<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
