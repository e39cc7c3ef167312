import { stemmer as englishStem } from '@orama/stemmers/english';
import { stemmer as portugueseStem } from '@orama/stemmers/portuguese';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as portugueseStopwords } from '@orama/stopwords/portuguese';
import { normalizeText, tokenize } from '../normalize';

/**
 * How knowledge text and questions become search terms: folded tokens
 * (lower case, no accents), minus stop words of both languages, each reduced
 * to its Portuguese and English Snowball stems. A message's language is a
 * guess, so a word is looked up under both stems; "pagamentos" and "payments"
 * each still meet their own documents.
 */

/** Words that carry no topic in a customer's request: fillers, politeness, chat slang. */
const REQUEST_FILLERS = [
  'quero',
  'queria',
  'gostaria',
  'preciso',
  'precisava',
  'ajuda',
  'ajudar',
  'duvida',
  'saber',
  'favor',
  'pfv',
  'pf',
  'pls',
  'plz',
  'please',
  'help',
  'want',
  'need',
  'know',
  'tell',
  'oi',
  'ola',
  'hello',
  'hi',
  'hey',
  'bom',
  'dia',
  'boa',
  'tarde',
  'noite',
  'obrigado',
  'obrigada',
  'vcs',
  'voces',
  'vc',
  'voce',
  'q',
  'pq',
  'tb',
  'tbm',
  'ai',
  'aqui',
  'gente',
  'pessoal',
  'alguem',
  'fazer',
  'faco',
  'posso',
  'pode',
  'podem',
  'consigo',
  'get',
  'can',
  'could',
  'would',
  'like',
  'u',
  'ur',
  'pra',
  'pro',
  'ta',
  'to',
  'ne',
  'tipo',
  'entao',
  'ok',
  'blz',
  'sim',
  'yes',
  'hoje',
  'agora',
  'now',
  'today',
  'amanha',
  'ontem',
  'tomorrow',
  'yesterday',
  'mim',
  'meu',
  'minha',
  'my',
  'conta',
  'account',
  'sobre',
  'about',
];

export const STOPWORDS: ReadonlySet<string> = new Set(
  [...portugueseStopwords, ...englishStopwords, ...REQUEST_FILLERS].map((w) => normalizeText(w)),
);

/** Folded word tokens of a text, stop words included (the vocabulary for typo correction needs them all). */
export function words(text: string): string[] {
  return tokenize(normalizeText(text));
}

/** The search terms of one word: none for a stop word, else its stems in both languages. */
export function termsOf(word: string): string[] {
  if (STOPWORDS.has(word) || word.length < 2) return [];
  const pt = portugueseStem(word);
  const en = englishStem(word);
  return pt === en ? [pt] : [pt, en];
}

/** True when a word is a topic word (has search terms). */
export function isContentWord(word: string): boolean {
  return termsOf(word).length > 0;
}
