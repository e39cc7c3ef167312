import type { Language } from './botTypes';
import type { ChatModel } from './chatModel';
import type { InactivityDue, InactivityWatch } from './inactivity';
import { records } from './proxies';
import type { AskedTextKey } from './types';

/**
 * The patch that sends the automatic messages' texts (docs/api.md, "Automatic
 * messages") where the product used to send built-in ones or nothing: the
 * hand-off notice after the queue's answer (out of hours, the position), the
 * inactivity close's text, the text at resolve. Chats recorded before it
 * replay without those steps.
 */
export const TEXTS_PATCH = 'automatic-messages';

export type { AskedTextKey, ChatTexts } from './types';

/**
 * A bot hand-off's notice waits for the queue's answer (a chat with the
 * queue, since the patch): out of hours it names the next opening, and it
 * may tell the place in the queue. Before it, the bot sent the built-in text.
 */
export function deferHandoffNotice(chat: ChatModel, language: Language): boolean {
  if (!chat.patches.has(TEXTS_PATCH) || !chat.usesQueue()) return false;
  chat.state.handoffNotice = language;
  return true;
}

/** The greeting, once, before the bot's first answer (when the channel or company set one). */
export function greetOnce(chat: ChatModel, language: Language): void {
  const texts = chat.state.texts;
  const greeting = texts?.greeting?.[language];
  if (!texts || !greeting) return;
  texts.greeting = null;
  chat.send('bot', greeting);
}

/** One of the texts read at the time it is sent (the settings as they are then). */
export function askText(chat: ChatModel, key: AskedTextKey): Promise<string | null> {
  return records.automaticMessage({
    chatId: chat.chatId,
    channelId: chat.start.channelId,
    key,
    language: chat.state.language ?? 'pt',
    attendantId: chat.state.attendantId,
  });
}

/**
 * A silence deadline reached: the warning (the chat keeps waiting), or the
 * close by `system` with the closing text. Nothing when the customer wrote
 * meanwhile (that restarted the wait) or the chat no longer waits on them.
 */
export async function onSilence(chat: ChatModel, watch: InactivityWatch, due: InactivityDue | undefined) {
  const waiting = chat.status === 'waiting_customer';
  if (due?.phase === 'warn') {
    if (!waiting || watch.waitingSince !== due.since) return;
    const text = await askText(chat, 'inactivityWarning');
    if (text) chat.send('system', text);
    return;
  }
  // Unless the customer wrote between the deadline and this step (which restarted the wait).
  if (watch.waitingSince !== null || !waiting) return;
  if (chat.patches.has(TEXTS_PATCH)) {
    const text = await askText(chat, 'inactivityClosed');
    if (text) chat.send('system', text);
  }
  chat.changeStatus('resolved', 'system', 'no reply from the customer');
}

/** The `resolved` text, when an attendant resolved the chat (an inactivity close has its own). */
export async function sendResolvedText(chat: ChatModel): Promise<boolean> {
  const last = chat.machine.history.at(-1);
  if (!last?.actor.startsWith('attendant:') || !chat.patches.has(TEXTS_PATCH)) return false;
  const text = await askText(chat, 'resolved');
  if (!text) return false;
  chat.send('system', text);
  return true;
}
