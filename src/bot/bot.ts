import { LRUCache } from 'lru-cache';
import type { Classification, IntentVerdict } from '../../workflows/botTypes';
import { BUILTIN_ANSWERS, CHAT_INTENTS, PEOPLE_INTENTS, SOCIAL_INTENTS } from './builtinAnswers';
import type { Classifier } from './classifier';
import { extractEntities } from './entities';
import type { KnowledgeSource } from './knowledge/knowledgeSource';
import type { KnowledgeHit, KnowledgeIndex } from './knowledge/knowledgeIndex';
import { normalizeText } from './normalize';

export interface BotOptions {
  classifier: Classifier;
  knowledge: KnowledgeSource;
  /** IANA zone in which "hoje" and "amanhã" are read. */
  timeZone: string;
  /** Distinct questions kept in the answer cache. */
  cacheSize?: number;
}

type CachedAnswer = Omit<Classification, 'entities'>;

/** Below this the classifier's own doubt caps the knowledge answer's confidence. */
const UNSURE_VERDICT = 0.65;

/**
 * Picks the bot's answer for a verdict: people-only intents get none, nor
 * does a question for the chat's protocol (its workflow answers); greetings
 * and thanks get the built-in text; anything else is answered from the best
 * knowledge passage, whose retrieval confidence becomes the answer's. With no
 * knowledge at all, the first bot's built-in business answers still serve.
 */
export function chooseAnswer(
  verdict: IntentVerdict,
  hit: KnowledgeHit | null,
  knowledgeIsEmpty: boolean,
): Pick<Classification, 'intent' | 'answer' | 'answerSource' | 'confidence'> {
  const { intent, language, confidence } = verdict;
  const builtin = BUILTIN_ANSWERS[intent]?.[language] ?? null;
  if (PEOPLE_INTENTS.includes(intent) || CHAT_INTENTS.includes(intent)) {
    return { intent, answer: null, answerSource: null, confidence };
  }
  if (SOCIAL_INTENTS.includes(intent)) {
    return { intent, answer: builtin, answerSource: builtin ? `builtin:${intent}` : null, confidence };
  }
  if (knowledgeIsEmpty) {
    return { intent, answer: builtin, answerSource: builtin ? `builtin:${intent}` : null, confidence };
  }
  if (!hit) return { intent, answer: null, answerSource: null, confidence: Math.min(confidence, 0.2) };
  // The classifier saw two topics (or is unsure): one passage cannot be trusted to answer it all.
  const unsure = intent !== 'unknown' && confidence < UNSURE_VERDICT;
  return {
    // A question the classifier could not place but the knowledge answers is a question about the company.
    intent: intent === 'unknown' && hit.confidence >= 0.5 ? 'question' : intent,
    answer: hit.passage,
    answerSource: `training:${hit.tag}`,
    confidence: unsure ? Math.min(hit.confidence, confidence) : hit.confidence,
  };
}

/**
 * The bot's reading of one customer message: the classifier's verdict, the
 * entities, and its best answer from the knowledge base. Verdicts and answers
 * are cached by normalised question; the cache is cleared whenever the
 * knowledge changes, so an edited training is never shadowed by an old answer.
 */
/** Telegram's `/start` (what a bot's first message is): a hello, or the deep link's text after it. */
const START_COMMAND = /^\/start(?:@\w+)?(?:\s+|$)/i;
function withoutStartCommand(text: string): string {
  if (!START_COMMAND.test(text)) return text;
  return text.replace(START_COMMAND, '').trim() || 'oi';
}

const NOTHING_TO_READ: Omit<Classification, 'entities'> = {
  intent: 'unknown',
  priority: 'normal',
  confidence: 0,
  language: 'pt',
  answer: null,
  answerSource: null,
  questionKey: '',
};

export class Bot {
  private readonly cache: LRUCache<string, CachedAnswer>;
  private cachedRevision: string | null = null;

  constructor(private readonly options: BotOptions) {
    // The TTL bounds how long a verdict from a fallback (an LLM that timed out) keeps being served.
    this.cache = new LRUCache({ max: options.cacheSize ?? 1000, ttl: 15 * 60 * 1000 });
  }

  async analyse(message: string, receivedAt: Date | string): Promise<Classification> {
    const text = withoutStartCommand(message);
    // A file with no caption: the bot reads only text, so a person looks at it (the bot answers nothing).
    if (text.trim() === '') return { ...NOTHING_TO_READ, entities: {} };
    const entities = extractEntities(text, { receivedAt, timeZone: this.options.timeZone });
    const questionKey = normalizeText(text);
    const knowledge = await this.options.knowledge.current();
    if (knowledge.revision !== this.cachedRevision) {
      this.cache.clear();
      this.cachedRevision = knowledge.revision;
    }
    let answer = this.cache.get(questionKey);
    if (!answer) {
      answer = await this.answer(text, questionKey, knowledge.index);
      // Knowledge may have changed while the classifier ran: an answer from the old index is not kept.
      if (this.cachedRevision === knowledge.revision) this.cache.set(questionKey, answer);
    }
    return { ...answer, entities };
  }

  get cachedQuestions(): number {
    return this.cache.size;
  }

  private async answer(text: string, questionKey: string, index: KnowledgeIndex): Promise<CachedAnswer> {
    const verdict = await this.options.classifier.classify(text);
    const searchable = ![...PEOPLE_INTENTS, ...SOCIAL_INTENTS, ...CHAT_INTENTS].includes(verdict.intent);
    const hit = searchable ? index.search(text) : null;
    return { ...verdict, ...chooseAnswer(verdict, hit, index.passageCount === 0), questionKey };
  }
}
