import levenshtein from 'damerau-levenshtein';
import type { Priority } from '../../workflows/types';
import type { IntentVerdict, Language } from '../../workflows/botTypes';
import {
  COMPLAINT_CUES,
  ENGLISH_MARKERS,
  GREETING_CUES,
  HUMAN_CUES,
  PORTUGUESE_MARKERS,
  SOCIAL_FILLERS,
  THANKS_CUES,
  TOPIC_CUES,
  URGENT_WORDS,
  type IntentCues,
} from './intents';
import { STOPWORDS } from './knowledge/terms';
import { normalizeText, tokenize, typoBudget } from './normalize';

/** The pluggable shape of a classifier: one message's text in, one verdict out. */
export interface Classifier {
  classify(text: string): Promise<IntentVerdict>;
}

const CONFIDENCE = {
  /** A cue matched as written. */
  exact: 0.92,
  /** Only a misspelt word matched: a draft for a person to check. */
  fuzzy: 0.68,
  /** Two topics at once, or a greeting with more words than a greeting: a person decides. */
  mixed: 0.6,
  unknown: 0.2,
};

/** A phrase says more than a single word. */
const PHRASE_WEIGHT = 1.5;

interface CueMatch {
  score: number;
  /** Every matching word was misspelt (no exact word or phrase). */
  fuzzyOnly: boolean;
  /** Tokens the cues explained. */
  tokens: Set<string>;
}

function wordMatches(cue: string, token: string): 'exact' | 'fuzzy' | null {
  if (cue.endsWith('*')) return token.startsWith(cue.slice(0, -1)) ? 'exact' : null;
  if (cue === token) return 'exact';
  const allowed = Math.min(typoBudget(cue.length), typoBudget(token.length));
  if (allowed === 0 || Math.abs(cue.length - token.length) > allowed || levenshtein(cue, token).steps > allowed)
    return null;
  // Five letters leave many real neighbours ("tenha" is not "senha"): only a swap of letters ("senah") counts.
  if (token.length === 5 && [...token].sort().join('') !== [...cue].sort().join('')) return null;
  return 'fuzzy';
}

function match(cues: IntentCues, normalized: string, tokens: string[]): CueMatch {
  let score = 0;
  let exact = false;
  const explained = new Set<string>();
  for (const token of tokens) {
    let best: 'exact' | 'fuzzy' | null = null;
    for (const cue of cues.words) {
      const m = wordMatches(cue, token);
      if (m === 'exact' || (m === 'fuzzy' && best === null)) best = m;
      if (best === 'exact') break;
    }
    if (best) {
      score += best === 'exact' ? 1 : 0.8;
      exact ||= best === 'exact';
      explained.add(token);
    }
  }
  for (const phrase of cues.phrases) {
    const found = normalized.match(phrase);
    if (found) {
      score += PHRASE_WEIGHT;
      exact = true;
      for (const t of tokenize(found[0])) explained.add(t);
    }
  }
  return { score, fuzzyOnly: score > 0 && !exact, tokens: explained };
}

function detectLanguage(tokens: string[]): Language {
  let en = 0;
  let pt = 0;
  for (const t of tokens) {
    if (ENGLISH_MARKERS.has(t)) en += 1;
    if (PORTUGUESE_MARKERS.has(t)) pt += 1;
  }
  return en > pt ? 'en' : 'pt';
}

const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
const INTENT_PRIORITY: Partial<Record<IntentVerdict['intent'], Priority>> = {
  technical: 'high',
  complaint: 'high',
  greeting: 'low',
  thanks: 'low',
};

/**
 * Deterministic cue-based classifier for Portuguese and English. A request
 * for a person wins over everything (never missed); then a complaint, when
 * it says more than any topic; then the topic with the highest cue score; greetings
 * and thanks count only when nothing else was said.
 */
export class KeywordClassifier implements Classifier {
  async classify(text: string): Promise<IntentVerdict> {
    return classifyText(text);
  }
}

export function classifyText(text: string): IntentVerdict {
  const normalized = normalizeText(text);
  const tokens = tokenize(normalized);
  const language = detectLanguage(tokens);
  const urgent = tokens.some((t) => URGENT_WORDS.has(t));
  const verdict = (intent: IntentVerdict['intent'], confidence: number): IntentVerdict => {
    let priority: Priority = INTENT_PRIORITY[intent] ?? 'normal';
    if (urgent && PRIORITY_RANK[priority] < PRIORITY_RANK.high) priority = 'high';
    return { intent, priority, confidence, language };
  };
  const confidenceOf = (m: CueMatch) => (m.fuzzyOnly ? CONFIDENCE.fuzzy : CONFIDENCE.exact);

  const human = match(HUMAN_CUES, normalized, tokens);
  if (human.score > 0) return verdict('human_request', confidenceOf(human));

  const topics = TOPIC_CUES.map((cues) => ({ intent: cues.intent, m: match(cues, normalized, tokens) }))
    .filter((t) => t.m.score > 0)
    // Stable sort: equal scores keep TOPIC_CUES order.
    .sort((a, b) => b.m.score - a.m.score);
  const complaint = match(COMPLAINT_CUES, normalized, tokens);
  const top = topics[0];
  if (complaint.score > 0 && (!top || complaint.score > top.m.score))
    return verdict('complaint', confidenceOf(complaint));
  if (top) {
    const second = topics[1];
    const mixed = second !== undefined && second.m.score >= 1.5 && second.m.score >= top.m.score * 0.75;
    return verdict(top.intent, mixed ? CONFIDENCE.mixed : confidenceOf(top.m));
  }

  for (const cues of [THANKS_CUES, GREETING_CUES]) {
    const m = match(cues, normalized, tokens);
    if (m.score === 0) continue;
    // "oi, tudo bem?" is a greeting; "oi, vcs vendem roteador?" says more than one.
    const rest = tokens.filter((t) => !m.tokens.has(t) && !SOCIAL_FILLERS.has(t) && !STOPWORDS.has(t));
    return verdict(cues.intent, rest.length === 0 ? confidenceOf(m) : CONFIDENCE.mixed);
  }
  return verdict('unknown', CONFIDENCE.unknown);
}
