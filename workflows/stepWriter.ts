import type { ChatModel } from './chatModel';
import type { Outbox } from './outbox';
import { recordIncident, skippable } from './incidents';
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
    let settled: string[] = [];
    try {
      ({ settled } = await stepRecords.applyChatChanges({
        chatId: chat.chatId,
        sendNow,
        ...changes,
        chat: chat.row(),
      }));
    } catch (err) {
      const failure = skippable(chat, err);
      if (!failure) throw err;
      // The step's record is lost, not the chat: its messages still go out through the outbox,
      // and the next step writes the chat's row as it is then.
      await recordIncident(chat, 'applyChatChanges', failure);
    }
    outbox.push(changes.outbound.filter((m) => !settled.includes(m.messageId)));
  }
  chat.syncSearchAttributes();
}
