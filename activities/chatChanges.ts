import { isTerminal } from '../workflows/statusMachine';
import type { ChatChanges } from '../workflows/readModel';
import type { Classification } from '../workflows/types';
import { storeInbound, statusChangeId, toStatusChangeRow, type InboundRecord, type StoredInbound } from './chatStore';
import type { ActivityDeps } from './index';

/**
 * The read-model work of a v2 chat, shaped for local activities: one call to
 * take a customer message in (store it, and let the bot read it), one
 * transaction to write what the workflow decided. Every write is keyed by ids
 * the workflow derives, so a re-run (a worker killed mid-task) rewrites the
 * same rows.
 */
export function createChatChangeActivities({ db, bot }: Pick<ActivityDeps, 'db' | 'bot'>) {
  return {
    /** Stores the message once; when the bot is to answer, also its reading of the text. */
    async receiveMessage(
      input: InboundRecord & { classify: boolean },
    ): Promise<StoredInbound & { classification: Classification | null }> {
      const stored = await storeInbound(db, input);
      if (stored.duplicate || !input.classify) return { ...stored, classification: null };
      return { ...stored, classification: await bot.analyse(input.message.content, input.message.receivedAt) };
    },

    /** Everything one step of the chat changed, in one transaction. */
    async applyChatChanges(changes: ChatChanges): Promise<void> {
      const { chatId, annotation, outbound, entries, chat } = changes;
      await db.$transaction(async (tx) => {
        if (annotation) {
          // The metadata receiveMessage wrote ({sentAt}), plus what the bot answered from.
          const metadata = { sentAt: annotation.sentAt, ...(annotation.answerSource ? { answerSource: annotation.answerSource } : {}) };
          await tx.message.update({
            where: { id: annotation.messageId },
            data: {
              intent: annotation.intent,
              confidence: annotation.confidence,
              entities: JSON.stringify(annotation.entities),
              botDraft: annotation.botDraft,
              metadata: JSON.stringify(metadata),
            },
          });
        }
        for (const m of outbound) {
          await tx.message.upsert({
            where: { id: m.messageId },
            create: {
              id: m.messageId,
              chatId: m.chatId,
              channelId: m.channelId,
              sender: m.sender,
              type: 'text',
              content: m.content,
              attendantId: m.attendantId,
              deliveryStatus: 'pending',
              createdAt: new Date(m.createdAt),
            },
            update: {},
          });
        }
        for (const entry of entries) {
          await tx.statusChange.upsert({
            where: { id: statusChangeId(chatId, entry.seq) },
            create: toStatusChangeRow(chatId, entry),
            update: {},
          });
        }
        const closing = entries.find((e) => isTerminal(e.to));
        await tx.chat.update({
          where: { id: chatId },
          data: {
            status: chat.status,
            priority: chat.priority,
            attendantId: chat.attendantId,
            context: JSON.stringify(chat.context),
            ...(closing ? { closedAt: new Date(closing.at) } : {}),
          },
        });
      });
    },
  };
}
