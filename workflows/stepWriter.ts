import type { ChatModel } from './chatModel';
import type { Outbox } from './outbox';
import { stepRecords } from './proxies';

/**
 * Ends a step: writes everything it changed in one transaction, which also
 * makes the first attempt to send its messages; what did not leave waits in
 * the outbox. Then the search attributes, if one changed.
 */
export async function writeStep(chat: ChatModel, outbox: Outbox): Promise<void> {
  const changes = chat.changes.take();
  if (changes) {
    // Sent at once unless older messages wait in the outbox: they go first.
    const sendNow = outbox.idle && changes.outbound.length > 0;
    const { settled } = await stepRecords.applyChatChanges({
      chatId: chat.chatId,
      sendNow,
      ...changes,
      chat: chat.row(),
    });
    outbox.push(changes.outbound.filter((m) => !settled.includes(m.messageId)));
  }
  chat.syncSearchAttributes();
}
