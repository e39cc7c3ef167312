import { stemmer as englishStem } from '@orama/stemmers/english';
import { stemmer as portugueseStem } from '@orama/stemmers/portuguese';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as portugueseStopwords } from '@orama/stopwords/portuguese';

/**
 * What a search box's text asks of the full-text indexes, as data both
 * dialects render (src/search/sqliteSearch.ts, postgresSearch.ts): every part
 * must match (AND). A word is any of its forms (OR of prefixes: the word and
 * its Portuguese and English Snowball stems, so "cancelamento" also finds
 * "cancelar" and "cancellation"); a quoted phrase, or a chunk like "e-mail"
 * or "ana@exemplo.com", is its folded words in a row. Terms hold only letters
 * and digits, so no user input can become query syntax.
 */
export type TextPart = { kind: 'word'; forms: Term[] } | { kind: 'phrase'; words: string[] };

/** A folded term, matched as a whole word or as the start of one. */
export interface Term {
  text: string;
  prefix: boolean;
}

export interface TextQuery {
  /** Message text: words with their stems, and phrases. */
  messages: TextPart[];
  /** Contact names: each word as the start of a word of the name, no stems. */
  names: Term[];
  /** The folded words, for finding the match again in a snippet. */
  highlights: string[];
}

/** More parts would only slow the query down; the first ones are kept. */
const MAX_PARTS = 8;
/** A stem shorter than this (e.g. "ca") would match too much as a prefix. */
const MIN_PREFIX = 3;

const STOPWORDS = new Set([...portugueseStopwords, ...englishStopwords].map(fold));

/** Lower case, no accents: as FTS5's `unicode61 remove_diacritics 2` and PostgreSQL's unaccent fold. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The folded words of `text`, split where FTS5 and the PostgreSQL index split: at anything not a letter or digit. */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

function wordForms(word: string): Term[] {
  if (/^\p{N}+$/u.test(word) || word.length < MIN_PREFIX) return [{ text: word, prefix: false }];
  const candidates = [word, portugueseStem(word), englishStem(word)]
    .map(fold)
    .filter((stem) => stem.length >= MIN_PREFIX && /^[\p{L}\p{N}]+$/u.test(stem));
  // A prefix that starts with a shorter one adds nothing to it.
  const unique = [...new Set(candidates)].sort((a, b) => a.length - b.length);
  const kept = unique.filter((stem, i) => !unique.slice(0, i).some((shorter) => stem.startsWith(shorter)));
  return kept.map((text) => ({ text, prefix: true }));
}

/** Reads the search box's text: quoted phrases, chunks with inner punctuation as phrases, other words with stems. */
export function parseQueryText(q: string): TextQuery {
  const messages: TextPart[] = [];
  const nameWords: string[] = [];
  const quoted: string[] = [];
  // An unclosed quote runs to the end of the text.
  const rest = q.replace(/"([^"]*)("|$)/g, (_, inner: string) => {
    quoted.push(inner);
    return ' ';
  });
  for (const inner of quoted) {
    const phrase = words(inner);
    nameWords.push(...phrase);
    if (phrase.length > 0) messages.push({ kind: 'phrase', words: phrase });
  }
  const loose: string[] = [];
  for (const chunk of rest.split(/\s+/)) {
    const parts = words(chunk);
    nameWords.push(...parts);
    if (parts.length > 1) messages.push({ kind: 'phrase', words: parts });
    else if (parts.length === 1) loose.push(parts[0]!);
  }
  // Stop words narrow nothing down, unless they are all there is.
  const meaningful = loose.filter((w) => !STOPWORDS.has(w) && (w.length > 1 || /\p{N}/u.test(w)));
  for (const word of meaningful.length > 0 || messages.length > 0 ? meaningful : loose) {
    messages.push({ kind: 'word', forms: wordForms(word) });
  }
  // A one-letter prefix ("o", "e") matches half the names and narrows nothing down.
  const nameTerms = [...new Set(nameWords)];
  const longer = nameTerms.filter((w) => w.length > 1);
  const names = (longer.length > 0 ? longer : nameTerms).slice(0, MAX_PARTS).map((text) => ({ text, prefix: true }));
  const parts = messages.slice(0, MAX_PARTS);
  const highlights = [...new Set(parts.flatMap((p) => (p.kind === 'phrase' ? p.words : p.forms.map((f) => f.text))))];
  return { messages: parts, names, highlights };
}
