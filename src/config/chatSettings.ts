import { DEFAULT_CHAT_SETTINGS, type ChatSettings } from '../../workflows/types';
import type { Config } from './env';

/** The settings each chat workflow starts with (workflows never read the environment). */
export function chatSettings(config: Config): ChatSettings {
  return {
    ...DEFAULT_CHAT_SETTINGS,
    inactivityTimeout: config.CHAT_INACTIVITY_TIMEOUT,
    assignmentResponseTimeout: config.ASSIGNMENT_RESPONSE_TIMEOUT,
    // A bot turn may wait out the LLM's whole timeout before the built-in
    // classifier answers; the rest is database work. A fixed limit below the
    // LLM's would time out every attempt and stall the chat.
    ...(config.BOT_LLM_URL ? { botTurnTimeout: config.BOT_LLM_TIMEOUT_MS + 10_000 } : {}),
  };
}
