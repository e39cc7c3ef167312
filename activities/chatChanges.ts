import { isTerminal } from '../workflows/statusMachine';
import type { ChatChanges } from '../workflows/readModel';
import type { MessageType, OutboundMessage } from '../workflows/types';
import type { Classification } from '../workflows/botTypes';
import { mediaTypeOf } from '../src/media/mediaTypes';
import { log } from '@temporalio/activity';
import { wellFormedText } from '../src/text/wellFormedText';
import type { Db } from '../src/db/client';
import { chatEvent, type ChatEventType } from '../src/events/chatEvents';
import { contactFillFromMessage } from '../src/contacts/fillFromMessage';
import { botDecisions } from '../src/observability/prometheus';
import { createDeliveryActivities } from './delivery';
import { storeInbound, toStatusChangeRow, type InboundRecord, type StoredInbound } from './chatStore';
import type { ActivityDeps } from './deps';
import { failPermanentlyOnBadData } from './permanentFailure';

/**
 * The read-model work of a v2 chat, shaped for local activities: one call to
 * take a customer message in (store it, and let the bot read it), one
 * transaction to write what the workflow decided. Every write is keyed by ids
 * the workflow derives, so a re-run (a worker killed mid-task) rewrites the
 * same rows.
 */
export function createChatChangeActivities({
  db,
  bot,
  senders,
  secrets,
}: Pick<ActivityDeps, 'db' | 'bot' | 'senders' | 'secrets'>) {
  const delivery = createDeliveryActivities({ db, senders, secrets });
  return {
    /** Stores the message once; when the bot is to answer, also its reading of the text. */
    async receiveMessage(
      input: InboundRecord & { classify: boolean },
    ): Promise<StoredInbound & { classification: Classification | null }> {
      const stored = await failPermanentlyOnBadData('receiveMessage', () => storeInbound(db, input));
      if (stored.duplicate || !input.classify) return { ...stored, classification: null };
      const classification = await bot.analyse(input.message.content, input.message.receivedAt);
      botDecisions.inc({ intent: classification.intent });
      return { ...stored, classification };
    },

    /**
     * Everything one step of the chat changed, in one transaction; then, with
     * `sendNow`, the first attempt to send the step's messages, in order,
     * until one does not go through. Returns the messages that left (or were
     * refused for good): the rest wait in the chat's outbox.
     *
     * The rows are new but for a re-run (a worker lost mid-task), so they are
     * inserted in bulk, and only a re-run that meets its own rows writes them
     * one by one. A re-run sends nothing already delivered.
     */
    async applyChatChanges(changes: ChatChanges & { sendNow?: boolean }): Promise<{ settled: string[] }> {
      await failPermanentlyOnBadData('applyChatChanges', async () => {
        // A CPF or e-mail the bot read fills the contact's empty field, with the annotation.
        const { annotation } = changes;
        const fill = () =>
          annotation ? contactFillFromMessage(db, changes.chatId, annotation.messageId, annotation.entities) : [];
        try {
          await db.$transaction([...writes(db, changes, 'insert'), ...(await fill())]);
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          await db.$transaction([...writes(db, changes, 'upsert'), ...(await fill())]);
        }
      });
      const settled: string[] = [];
      if (!changes.sendNow) return { settled };
      for (const message of changes.outbound) {
        try {
          // One bounded try inside the step: a rate-limited or slow channel leaves the message to the outbox.
          await delivery.deliverMessage(message, { firstAttempt: true });
        } catch (err) {
          log.info('first delivery attempt failed; the outbox retries', {
            messageId: message.messageId,
            error: String(err),
          });
          break;
        }
        settled.push(message.messageId);
      }
      return { settled };
    },
  };
}

/** What kind of message an outbound one is, by what it carries. */
export function outboundType(m: Pick<OutboundMessage, 'attachment' | 'template'>): MessageType {
  if (m.template) return 'template';
  if (!m.attachment) return 'text';
  return mediaTypeOf(m.attachment.mimeType);
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'P2002';
}

/** The statements of one step, new rows written in bulk (`insert`) or each only if missing (`upsert`). */
function writes(
  db: Db,
  { chatId, annotation, outbound, entries, chat, releasedSeats = [], events: raised = [] }: ChatChanges,
  mode: 'insert' | 'upsert',
) {
  const outboundRows = outbound.map((m) => ({
    id: m.messageId,
    chatId: m.chatId,
    channelId: m.channelId,
    sender: m.sender,
    type: outboundType(m),
    content: wellFormedText(m.content),
    media: m.attachment ? JSON.stringify(m.attachment) : null,
    metadata: m.template ? JSON.stringify({ template: m.template }) : m.csat ? JSON.stringify({ csat: m.csat }) : '{}',
    attendantId: m.attendantId,
    deliveryStatus: 'pending',
    createdAt: new Date(m.createdAt),
  }));
  const statusRows = entries.map((entry) => toStatusChangeRow(chatId, entry));
  const events = [
    ...entries.map((e) => chatEvent('chat.status', chatId, { from: e.from, to: e.to, actor: e.actor })),
    ...outbound.map((m) => chatEvent('message.created', chatId, { messageId: m.messageId, sender: m.sender })),
    ...raised.map((e) => chatEvent(e.type as ChatEventType, chatId, e.data)),
  ];
  const closing = entries.find((e) => isTerminal(e.to));
  return [
    ...(annotation
      ? [
          db.message.update({
            where: { id: annotation.messageId },
            data: {
              intent: annotation.intent,
              confidence: annotation.confidence,
              entities: JSON.stringify(annotation.entities),
              botDraft: annotation.botDraft,
              // The metadata receiveMessage wrote ({sentAt}), plus what the bot answered from.
              metadata: JSON.stringify({
                sentAt: annotation.sentAt,
                ...(annotation.answerSource ? { answerSource: annotation.answerSource } : {}),
              }),
            },
          }),
        ]
      : []),
    ...(mode === 'insert'
      ? [
          ...(outboundRows.length > 0 ? [db.message.createMany({ data: outboundRows })] : []),
          ...(statusRows.length > 0 ? [db.statusChange.createMany({ data: statusRows })] : []),
          // Only here: a re-run (`upsert`) meets a step that committed, its events with it.
          ...(events.length > 0 ? [db.chatEvent.createMany({ data: events })] : []),
        ]
      : [
          ...outboundRows.map((row) => db.message.upsert({ where: { id: row.id }, create: row, update: {} })),
          ...statusRows.map((row) => db.statusChange.upsert({ where: { id: row.id }, create: row, update: {} })),
        ]),
    db.chat.update({
      where: { id: chatId },
      data: {
        status: chat.status,
        priority: chat.priority,
        ...(chat.attendantId !== undefined ? { attendantId: chat.attendantId } : {}),
        context: JSON.stringify(chat.context),
        ...(chat.sla ? { sla: JSON.stringify(chat.sla), slaMet: chat.sla.met } : {}),
        ...(closing ? { closedAt: new Date(closing.at), queuedAt: null } : {}),
      },
    }),
    // Only if they still hold it: the queue may have given the chat to someone since.
    ...releasedSeats.map((attendantId) =>
      db.chat.updateMany({ where: { id: chatId, attendantId }, data: { attendantId: null } }),
    ),
  ];
}
