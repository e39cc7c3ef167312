import type { AnswerSource, BotMemory } from './types';
import type { Classification, Language } from './botTypes';

export type { BotMemory } from './types';

/** docs/design.md's confidence bands. */
export const AUTO_ANSWER_CONFIDENCE = 0.8;
export const DRAFT_CONFIDENCE = 0.5;
/** Consecutive bot answers that did not help before a person takes over. */
export const MAX_FAILED_ANSWERS = 2;

export type BotDecision =
  | { kind: 'answer'; text: string; source: AnswerSource | null }
  | { kind: 'handoff'; reason: string; draft: string | null };

/** What the bot does with a classified customer message, taken alone. Pure and deterministic. */
export function decide(c: Classification): BotDecision {
  if (c.intent === 'human_request') return { kind: 'handoff', reason: 'customer asked for a person', draft: null };
  if (c.answer === null) return { kind: 'handoff', reason: `intent ${c.intent} needs a person`, draft: null };
  if (c.confidence >= AUTO_ANSWER_CONFIDENCE) return { kind: 'answer', text: c.answer, source: c.answerSource ?? null };
  if (c.confidence >= DRAFT_CONFIDENCE) {
    return {
      kind: 'handoff',
      reason: `low confidence (${c.confidence.toFixed(2)}): draft kept for review`,
      draft: c.answer,
    };
  }
  return { kind: 'handoff', reason: `low confidence (${c.confidence.toFixed(2)})`, draft: null };
}

export const FRESH_BOT_MEMORY: BotMemory = { attempts: 0, lastAnswerSource: null, lastQuestionKey: null };

const SOCIAL_SOURCES: readonly string[] = ['builtin:greeting', 'builtin:thanks'];

/** Words of a normalised question that can carry meaning (three letters or more). */
function questionWords(key: string): Set<string> {
  return new Set(key.split(' ').filter((w) => w.length >= 3));
}

/**
 * The same question again: the same normalised text, or a rewording that
 * keeps at least 3/4 of the shorter question's words ("preciso da segunda via
 * do boleto" / "segunda via do boleto pfv"). Follow-ups on the same topic
 * ("qual o horário?" then "vocês abrem domingo?") share a training but not
 * their words, and are not repeats.
 */
export function sameQuestion(a: string | null, b: string): boolean {
  if (a === null || b === '') return false;
  if (a === b) return true;
  const x = questionWords(a);
  const y = questionWords(b);
  const smaller = Math.min(x.size, y.size);
  if (smaller < 2) return false;
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared / smaller >= 0.75;
}

/** The customer's reply says the bot's last answer did not help: a complaint, or the same question again. */
export function answerFailed(memory: BotMemory, c: Classification): boolean {
  if (memory.lastAnswerSource === null || SOCIAL_SOURCES.includes(memory.lastAnswerSource)) return false;
  return c.intent === 'complaint' || sameQuestion(memory.lastQuestionKey, c.questionKey);
}

/**
 * One bot turn in a conversation: a request for a person hands off at once;
 * after MAX_FAILED_ANSWERS answers that did not help, hand off (the draft
 * stays for the attendant); a first complaint gets an apology and a request
 * to rephrase; anything else follows the confidence bands.
 */
export function decideTurn(c: Classification, memory: BotMemory): { decision: BotDecision; memory: BotMemory } {
  const failed = answerFailed(memory, c);
  const attempts = failed ? memory.attempts + 1 : 0;
  let decision: BotDecision;
  if (c.intent === 'human_request') decision = decide(c);
  else if (attempts >= MAX_FAILED_ANSWERS) {
    decision = { kind: 'handoff', reason: `${attempts} bot answers in a row did not help`, draft: c.answer };
  } else if (failed && c.intent === 'complaint') {
    decision = { kind: 'answer', text: REPHRASE_MESSAGES[c.language], source: null };
  } else decision = decide(c);

  // A rephrase request keeps what the customer was asking about and the answer that did not help.
  const rephrase = decision.kind === 'answer' && decision.source === null;
  return {
    decision,
    memory: {
      attempts,
      lastAnswerSource: rephrase ? memory.lastAnswerSource : decision.kind === 'answer' ? decision.source : null,
      lastQuestionKey: rephrase ? memory.lastQuestionKey : c.questionKey,
    },
  };
}

/** What the bot says when it hands a chat to a person. */
export const HANDOFF_MESSAGES: Record<Language, string> = {
  pt: 'Vou transferir você para um de nossos atendentes. Aguarde um momento, por favor.',
  en: "I'm handing you over to one of our attendants. Please wait a moment.",
};

/** What the bot says after a first complaint about its answer. */
export const REPHRASE_MESSAGES: Record<Language, string> = {
  pt: 'Desculpe, parece que minha resposta não ajudou. Pode me contar com outras palavras o que você precisa?',
  en: "Sorry, it looks like my answer didn't help. Could you tell me in other words what you need?",
};
