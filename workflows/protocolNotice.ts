import type { Classification, Language } from './botTypes';

/**
 * The patch that gives a chat its protocol number in the workflow's state
 * (from `recordChat`): the first message Atende sends carries it, and the bot
 * answers "qual é o meu protocolo?" with it. Chats begun before the patch
 * have none in their state and announce none (their row may still have one,
 * from migration 0009: the list, the detail and `?protocol=` show it).
 */
export const PROTOCOL_PATCH = 'protocol-numbers';

/** The line the first message carries, in the customer's language. */
export const PROTOCOL_LINES: Record<Language, (protocol: string) => string> = {
  pt: (p) => `Protocolo de atendimento: ${p}`,
  en: (p) => `Your ticket number: ${p}`,
};

/** The bot's answer to "qual é o meu protocolo?". */
export const PROTOCOL_ANSWERS: Record<Language, (protocol: string) => string> = {
  pt: (p) => `O número do seu protocolo de atendimento é ${p}.`,
  en: (p) => `Your ticket number is ${p}.`,
};

/** A message with the protocol line below it; a message without text is the line alone. */
export function withProtocolLine(content: string, protocol: string, language: Language): string {
  const line = PROTOCOL_LINES[language](protocol);
  return content.trim() === '' ? line : `${content}\n\n${line}`;
}

/**
 * The bot cannot know a chat's number (src/bot reads text alone): a question
 * for it gets its answer here, from the chat's state. A chat with no number
 * in its state keeps the bot's verdict with no answer (a person answers).
 */
export function answerFromChat(c: Classification, protocol: string | null | undefined): Classification {
  if (c.intent !== 'protocol' || !protocol) return c;
  return { ...c, answer: PROTOCOL_ANSWERS[c.language](protocol), answerSource: 'builtin:protocol' };
}
