import { fold } from './queryText';

/** Characters of context kept before the first match, and in all. */
const BEFORE = 40;
const LENGTH = 160;

/**
 * A short plain-text window of `content` around the first place one of the
 * folded `words` starts a word (accents and case ignored), on whole words,
 * with "…" where it was cut. Control characters and runs of white space
 * become one space; it is text, never markup.
 */
export function snippetOf(content: string, words: readonly string[]): string {
  const text = content.replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ').trim();
  const start = firstMatch(text, words);
  let from = Math.max(0, start - BEFORE);
  if (from > 0) from = wordStartAfter(text, from);
  let to = Math.min(text.length, from + LENGTH);
  if (to < text.length) to = wordEndBefore(text, to, from);
  return `${from > 0 ? '…' : ''}${text.slice(from, to).trim()}${to < text.length ? '…' : ''}`;
}

/** Where in `text` the first of `words` starts a word, or 0. */
function firstMatch(text: string, words: readonly string[]): number {
  if (words.length === 0) return 0;
  // Fold each character alone, so a folded position maps back to the original one.
  const origin: number[] = [];
  let folded = '';
  for (let i = 0; i < text.length;) {
    const char = String.fromCodePoint(text.codePointAt(i)!);
    const f = fold(char);
    for (let j = 0; j < f.length; j++) origin.push(i);
    folded += f;
    i += char.length;
  }
  let best = -1;
  for (const word of words) {
    let at = folded.indexOf(word);
    while (at >= 0 && at > 0 && /[\p{L}\p{N}]/u.test(folded[at - 1]!)) at = folded.indexOf(word, at + 1);
    if (at >= 0 && (best < 0 || at < best)) best = at;
  }
  return best < 0 ? 0 : origin[best]!;
}

function wordStartAfter(text: string, at: number): number {
  const space = text.indexOf(' ', at);
  return space < 0 ? at : space + 1;
}

function wordEndBefore(text: string, at: number, floor: number): number {
  const space = text.lastIndexOf(' ', at);
  return space > floor ? space : at;
}
