import { decideTurn, HANDOFF_MESSAGES, type BotMemory } from './botPolicy';
import type { MessageAnnotation } from './readModel';
import type { Classification } from './botTypes';

/** What one bot turn does to the chat: pure, so it is unit-tested and replay-safe. */
export interface BotTurn {
  memory: BotMemory;
  annotation: Omit<MessageAnnotation, 'messageId' | 'sentAt'>;
  /** What the bot sends: its answer, or the hand-off message. */
  reply: string;
  next: 'waiting_customer' | 'transferred';
  note: string;
}

/** The bot's answer to a classified customer message, or its hand-off to a person. */
export function planBotTurn(c: Classification, memory: BotMemory): BotTurn {
  const { decision, memory: next } = decideTurn(c, memory);
  const annotation = {
    intent: c.intent,
    confidence: c.confidence,
    entities: c.entities,
    botDraft: decision.kind === 'handoff' ? decision.draft : null,
    // What was sent, or drafted for the attendant; nothing when the bot neither answered nor drafted.
    answerSource: decision.kind === 'answer' ? decision.source : decision.draft ? (c.answerSource ?? null) : null,
  };
  if (decision.kind === 'answer') {
    const from = decision.source ? ` from ${decision.source}` : '';
    return {
      memory: next,
      annotation,
      reply: decision.text,
      next: 'waiting_customer',
      note: `answered ${c.intent}${from}`,
    };
  }
  return { memory: next, annotation, reply: HANDOFF_MESSAGES[c.language], next: 'transferred', note: decision.reason };
}
