/** What the bot reads from a customer message (src/bot/), as the chat workflow receives it. */
import type { AnswerSource, Priority } from './types';

export const INTENTS = [
  'greeting',
  'thanks',
  'human_request',
  'complaint',
  'billing',
  'plan_change',
  'cancellation',
  'technical',
  'question',
  /** Asks for the chat's protocol number: answered from the chat's own state (workflows/protocolNotice.ts). */
  'protocol',
  'unknown',
] as const;
export type Intent = (typeof INTENTS)[number];
export type Language = 'pt' | 'en';

/** What a classifier says of a message's text alone (the pluggable part of the bot). */
export interface IntentVerdict {
  intent: Intent;
  priority: Priority;
  /** In [0, 1]. */
  confidence: number;
  language: Language;
}

/** A money amount as written, with its value as a decimal string ("1234.56"). */
export interface MoneyEntity {
  currency: 'BRL' | 'USD';
  value: string;
  text: string;
}

/** A calendar date (YYYY-MM-DD) as written ("amanhã", "05/12/2026"). */
export interface DateEntity {
  date: string;
  text: string;
}

/** Entities found in a message; a key is present only when something was found. */
export interface Entities {
  email?: string[];
  /** 11 digits, check digits valid. */
  cpf?: string[];
  /** E.164 (+5511987654321). */
  phone?: string[];
  money?: MoneyEntity[];
  date?: DateEntity[];
}

/** What the bot makes of one customer message: the verdict, entities and its best answer. */
export interface Classification extends IntentVerdict {
  /** The bot's answer, when it has one; `confidence` is the confidence in it. */
  answer: string | null;
  answerSource: AnswerSource | null;
  entities: Entities;
  /** The normalised question, to tell "the same question again". */
  questionKey: string;
}
