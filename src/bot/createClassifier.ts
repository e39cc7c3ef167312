import type { Logger } from 'pino';
import type { Config } from '../config/env';
import { KeywordClassifier, type Classifier } from './classifier';
import { OpenAiCompatibleClassifier } from './llmClassifier';

export type ClassifierConfig = Pick<Config, 'BOT_LLM_URL' | 'BOT_LLM_API_KEY' | 'BOT_LLM_MODEL' | 'BOT_LLM_TIMEOUT_MS'>;

/**
 * The bot's classifier: the built-in keyword rules, or, when BOT_LLM_URL is
 * set, an OpenAI-compatible endpoint that falls back to those rules.
 */
export function createClassifier(config: ClassifierConfig, logger: Logger): Classifier {
  const keywords = new KeywordClassifier();
  if (!config.BOT_LLM_URL) return keywords;
  logger.info(
    { llm: { model: config.BOT_LLM_MODEL, timeoutMs: config.BOT_LLM_TIMEOUT_MS } },
    'intents classified by an OpenAI-compatible endpoint',
  );
  return new OpenAiCompatibleClassifier(
    {
      baseUrl: config.BOT_LLM_URL,
      apiKey: config.BOT_LLM_API_KEY,
      model: config.BOT_LLM_MODEL,
      timeoutMs: config.BOT_LLM_TIMEOUT_MS,
    },
    keywords,
    logger,
  );
}
