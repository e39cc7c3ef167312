import levenshtein from 'damerau-levenshtein';
import type { Classification, Intent, Language, Priority } from '../../workflows/types';
import { ENGLISH_MARKERS, INTENT_RULES, PORTUGUESE_MARKERS, type IntentRule } from './intents';
import { normalizeText, tokenize } from './normalize';

/** The pluggable shape of a classifier: one message in, one verdict out. */
export interface Classifier {
  classify(text: string): Promise<Classification>;
}

type Strength = 'exact' | 'fuzzy';

const CONFIDENCE = {
  exact: 0.92,
  /** Only a misspelt word matched: a draft for a person to check. */
  fuzzy: 0.68,
  /** Two business intents at once ("boleto e plano"): a person decides. */
  mixed: 0.6,
  unknown: 0.2,
};

/** Typos tolerated in a word: none under 5 letters (too many near neighbours), 1 up to 7, else 2. */
function maxTypos(word: string): number {
  if (word.length < 5) return 0;
  return word.length <= 7 ? 1 : 2;
}

/** Edits between two words, a swap of neighbours counting as one ("boelto" → "boleto"). */
function typos(a: string, b: string): number {
  return levenshtein(a, b).steps;
}

function matchRule(rule: IntentRule, normalized: string, tokens: string[]): Strength | null {
  const padded = ` ${normalized} `;
  if (rule.phrases.some((p) => padded.includes(` ${p} `))) return 'exact';
  if (tokens.some((t) => rule.words.includes(t))) return 'exact';
  const fuzzy = tokens.some((t) =>
    rule.words.some((w) => {
      const allowed = Math.min(maxTypos(w), maxTypos(t));
      return allowed > 0 && Math.abs(w.length - t.length) <= allowed && typos(t, w) <= allowed;
    }),
  );
  return fuzzy ? 'fuzzy' : null;
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
const URGENT_WORDS = new Set(['urgente', 'urgent', 'emergencia', 'emergency', 'asap']);

/**
 * Deterministic keyword classifier for Portuguese and English. Rules are
 * checked in order of cost of a mistake: a request for a person first (never
 * missed), then technical problems, then what the bot can answer; greetings
 * and thanks count only when nothing else matched.
 */
export class KeywordClassifier implements Classifier {
  async classify(text: string): Promise<Classification> {
    return classifyText(text);
  }
}

export function classifyText(text: string): Classification {
  const normalized = normalizeText(text);
  const tokens = tokenize(normalized);
  const language = detectLanguage(tokens);
  const matches = INTENT_RULES.map((rule) => ({ rule, strength: matchRule(rule, normalized, tokens) })).filter(
    (m): m is { rule: IntentRule; strength: Strength } => m.strength !== null,
  );
  const urgent = tokens.some((t) => URGENT_WORDS.has(t));

  const pick = (intent: Intent) => matches.find((m) => m.rule.intent === intent);
  const human = pick('human_request');
  const technical = pick('technical');
  const business = matches.filter((m) => m.rule.intent === 'billing' || m.rule.intent === 'plan_change');
  const social = matches.filter((m) => m.rule.intent === 'thanks' || m.rule.intent === 'greeting');

  let chosen: { rule: IntentRule; strength: Strength } | undefined;
  let confidence: number;
  if (human) {
    chosen = human;
    confidence = CONFIDENCE[human.strength];
  } else if (technical) {
    chosen = technical;
    confidence = CONFIDENCE[technical.strength];
  } else if (business.length > 0) {
    chosen = business.find((m) => m.strength === 'exact') ?? business[0];
    confidence = business.filter((m) => m.strength === 'exact').length > 1 ? CONFIDENCE.mixed : CONFIDENCE[chosen!.strength];
  } else if (social.length > 0) {
    chosen = social.find((m) => m.strength === 'exact') ?? social[0];
    confidence = CONFIDENCE[chosen!.strength];
  } else {
    confidence = CONFIDENCE.unknown;
  }

  let priority: Priority = chosen?.rule.priority ?? 'normal';
  if (urgent && PRIORITY_RANK[priority] < PRIORITY_RANK.high) priority = 'high';

  return {
    intent: chosen?.rule.intent ?? 'unknown',
    priority,
    confidence,
    language,
    answer: chosen?.rule.answerable && chosen.rule.answers ? chosen.rule.answers[language] : null,
    entities: {},
  };
}
