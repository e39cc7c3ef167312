import type { Classification, Language } from './types';

/** DESIGN.md's confidence bands. */
export const AUTO_ANSWER_CONFIDENCE = 0.8;
export const DRAFT_CONFIDENCE = 0.5;

export type BotDecision =
  | { kind: 'answer'; text: string }
  | { kind: 'handoff'; reason: string; draft: string | null };

/** What the bot does with a classified customer message. Pure and deterministic. */
export function decide(c: Classification): BotDecision {
  if (c.intent === 'human_request') return { kind: 'handoff', reason: 'customer asked for a person', draft: null };
  if (c.answer === null) return { kind: 'handoff', reason: `intent ${c.intent} needs a person`, draft: null };
  if (c.confidence >= AUTO_ANSWER_CONFIDENCE) return { kind: 'answer', text: c.answer };
  if (c.confidence >= DRAFT_CONFIDENCE) {
    return { kind: 'handoff', reason: `low confidence (${c.confidence.toFixed(2)}): draft kept for review`, draft: c.answer };
  }
  return { kind: 'handoff', reason: `low confidence (${c.confidence.toFixed(2)})`, draft: null };
}

/** What the bot says when it hands a chat to a person. */
export const HANDOFF_MESSAGES: Record<Language, string> = {
  pt: 'Vou transferir você para um de nossos atendentes. Aguarde um momento, por favor.',
  en: "I'm handing you over to one of our attendants. Please wait a moment.",
};
