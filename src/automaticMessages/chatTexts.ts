import type { ChatTexts } from '../../workflows/types';
import type { Language } from '../../workflows/botTypes';
import { automaticText, type AutomaticMessageKey, type AutomaticMessages } from './texts';

/**
 * The automatic messages as a chat's activities render them (src/automaticMessages/
 * texts.ts holds the settings' shape and the pure resolver). Workflow code never
 * reads the settings: the activities hand it rendered texts.
 */

const LANGUAGES: readonly Language[] = ['pt', 'en'];

/** The values of a chat's variables: the contact's name and first name, the protocol. */
export function chatVariables(chat: {
  contactName?: string | null;
  protocol?: string | null;
  attendantName?: string | null;
  channelName?: string | null;
}): Record<string, string | null> {
  const name = chat.contactName?.trim() || null;
  return {
    'contact.name': name,
    'contact.firstName': name ? name.split(/\s+/)[0]! : null,
    protocol: chat.protocol ?? null,
    'attendant.name': chat.attendantName ?? null,
    'channel.name': chat.channelName ?? null,
  };
}

/** A key's text in each language that has one (null when none has: an unset greeting). */
function both(
  settings: AutomaticMessages,
  channelId: string,
  key: AutomaticMessageKey,
  vars: Record<string, string | null>,
): Partial<Record<Language, string>> | null {
  const out: Partial<Record<Language, string>> = {};
  for (const language of LANGUAGES) {
    const text = automaticText(settings, channelId, language, key, vars);
    if (text !== null && text.trim() !== '') out[language] = text;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** What a new chat takes into its workflow: the greeting (if set) and its protocol line, rendered. */
export function chatTextsAtStart(
  settings: AutomaticMessages,
  channelId: string,
  vars: Record<string, string | null>,
): ChatTexts {
  const greeting = both(settings, channelId, 'greeting', vars);
  const protocolLines = vars.protocol ? both(settings, channelId, 'protocol', vars) : null;
  return { ...(greeting ? { greeting } : {}), ...(protocolLines ? { protocolLines } : {}) };
}

/**
 * Whether the company or the channel set a text for `key`. `queuePosition` and
 * `resolved` are sent only when set (their built-in texts are for previews):
 * a deployment that sets nothing sends what it sent before.
 */
export function textIsSet(
  settings: AutomaticMessages,
  channelId: string,
  locale: 'pt-BR' | 'en',
  key: AutomaticMessageKey,
): boolean {
  return (settings.channels[channelId]?.[locale]?.[key] ?? settings.default[locale]?.[key]) !== undefined;
}
