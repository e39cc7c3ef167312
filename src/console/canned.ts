/**
 * The composer's canned-response picker, pure (no DOM, no Preact), so
 * tests/unit/consoleCanned.test.ts runs it under Jest: where a `/shortcut`
 * is being typed, which canned responses fit it best, and the text once one
 * is inserted, its variables previewed for the open chat with the server's
 * own renderer (the server renders again when the reply is sent).
 */
import { cannedValues, type CannedContext } from '../cannedResponses/variables';
import { renderTemplate } from '../text/template';

/** A `/word` ending at the caret, at the start of the text or after a space: where it starts and what follows the slash. */
export function slashAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([^\s/]*)$/.exec(before);
  if (!match) return null;
  return { start: before.length - match[2]!.length - 1, query: match[2]! };
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('pt-BR');

/**
 * How well `query` fits `text`: its letters in order (a subsequence), more
 * for a prefix, a run of consecutive letters and letters at word starts;
 * null when they are not all there.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = fold(query);
  const t = fold(text);
  if (q === '') return 0;
  if (t.startsWith(q)) return 1000 - t.length;
  const at = t.indexOf(q);
  if (at >= 0) return 500 - at;
  let score = 0;
  let from = 0;
  let last = -2;
  for (const ch of q) {
    const i = t.indexOf(ch, from);
    if (i < 0) return null;
    score += i === last + 1 ? 5 : 1;
    if (i === 0 || /[\s_-]/.test(t[i - 1]!)) score += 3;
    last = i;
    from = i + 1;
  }
  return score;
}

/** The canned responses that fit `query`, best first (the shortcut counts more than the title), at most `limit`. */
export function pickCanned<T extends { shortcut: string; title: string }>(
  items: readonly T[],
  query: string,
  limit = 8,
): T[] {
  return items
    .map((item) => {
      const byShortcut = fuzzyScore(query, item.shortcut);
      const byTitle = fuzzyScore(query, item.title);
      const score = Math.max(byShortcut === null ? -1 : byShortcut * 2, byTitle ?? -1);
      return { item, score };
    })
    .filter((s) => s.score >= 0)
    .sort((a, b) => b.score - a.score || a.item.shortcut.localeCompare(b.item.shortcut))
    .slice(0, limit)
    .map((s) => s.item);
}

/** The canned response's text as the chat will read it. */
export function previewCanned(content: string, context: CannedContext): string {
  return renderTemplate(content, cannedValues(context));
}

/** `text` with the `/word` at `slash` replaced by `inserted`; the caret goes after it. */
export function insertCanned(
  text: string,
  slash: { start: number; query: string },
  inserted: string,
): { text: string; caret: number } {
  const end = slash.start + 1 + slash.query.length;
  const next = text.slice(0, slash.start) + inserted + text.slice(end);
  return { text: next, caret: slash.start + inserted.length };
}
