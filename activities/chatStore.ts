import { log } from '@temporalio/activity';
import { isTerminal } from '../workflows/statusMachine';
import type {
  ChatStatus,
  ChatTexts,
  ContactInfo,
  InactivityPlan,
  InboundMessage,
  Priority,
  Sender,
  StatusChangeEntry,
} from '../workflows/types';
import type { Entities, Intent } from '../workflows/botTypes';
import { contactOfIdentity } from '../src/contacts/identities';
import { contactFillFromMessage } from '../src/contacts/fillFromMessage';
import { giveOwnPhone } from '../src/contacts/ownPhone';
import { normalizePhone } from '../src/contacts/phone';
import { readJsonColumn } from '../src/db/jsonColumn';
import { wellFormedText } from '../src/text/wellFormedText';
import type { Db } from '../src/db/client';
import { chatEvent } from '../src/events/chatEvents';
import { nextProtocol, protocolDay } from '../src/chats/protocol';
import { PROTOCOL_TIME_ZONE, type ActivityDeps } from './deps';
import { chatTextsAtStart, chatVariables } from '../src/automaticMessages/chatTexts';
import { loadAutomaticMessages } from '../src/automaticMessages/store';
import { loadChannelSettings } from '../src/channels/store';
import { inactivityPlanOf } from '../src/inactivity/settings';

/**
 * How long a chat's first transaction may wait for a connection, and run. Prisma's 5 s default
 * failed on a loaded machine during a burst of new chats, each waiting its turn for the day's
 * protocol counter row; a retry would only do the same work again.
 */
const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 15_000 };

/** Rows written by activities carry ids derived from the workflow, so a retry rewrites the same row. */
export function statusChangeId(chatId: string, seq: number): string {
  return `${chatId}:${seq}`;
}

export function inboundMessageId(chatId: string, channelMessageId: string): string {
  return `${chatId}-in-${channelMessageId}`;
}

export function createChatActivities({ db, timeZone = PROTOCOL_TIME_ZONE }: Pick<ActivityDeps, 'db' | 'timeZone'>) {
  return {
    /**
     * Creates the chat's row with its protocol number and first history
     * entry, and finds or makes its contact (src/contacts/identities.ts).
     */
    async recordChat(input: {
      chatId: string;
      workflowId: string;
      channelId: string;
      externalChatId: string;
      contact?: ContactInfo;
      startedAt: string;
      entry: StatusChangeEntry;
    }): Promise<RecordedChat> {
      const phone = input.contact?.phone ? normalizePhone(input.contact.phone) : null;
      // Without a phone the contact is keyed by the channel's user id, else by the conversation (docs/api.md).
      const externalId = phone ?? input.contact?.externalId ?? `conversation:${input.externalChatId}`;
      // The chat's automatic texts and inactivity settings, read beside the contact (one round trip's wait).
      const [contactId, configured] = await Promise.all([
        contactOfIdentity(db, {
          channelId: input.channelId,
          externalId,
          phone,
          ...(input.contact?.name ? { name: input.contact.name } : {}),
          ...(input.contact?.email ? { email: input.contact.email } : {}),
        }),
        chatConfiguration(db, input.channelId),
      ]);
      const withTexts = (protocol: string | null): RecordedChat => ({
        protocol,
        texts: configured.texts(protocol, input.contact?.name),
        inactivity: configured.inactivity,
      });
      const { chatId: _, ...entry } = toStatusChangeRow(input.chatId, input.entry);
      const day = protocolDay(new Date(input.startedAt), timeZone);
      try {
        // The chat, its protocol, its first history entry and its event in one transaction:
        // a chat that is not written gives its number back.
        return await db.$transaction(async (tx) => {
          const protocol = await nextProtocol(tx, day);
          await tx.chat.create({
            data: {
              id: input.chatId,
              protocol,
              workflowId: input.workflowId,
              channelId: input.channelId,
              externalChatId: input.externalChatId,
              contactId,
              status: input.entry.to,
              startedAt: new Date(input.startedAt),
              statusChanges: { create: entry },
            },
          });
          await tx.chatEvent.create({
            data: chatEvent('chat.created', input.chatId, { channelId: input.channelId, status: input.entry.to }),
          });
          return withTexts(protocol);
        }, TRANSACTION_LIMITS);
      } catch (err) {
        // A re-run (a worker lost mid-task) finds the chat it wrote, and answers its protocol.
        if ((err as { code?: unknown } | null)?.code !== 'P2002') throw err;
      }
      return withTexts(await protocolOf(db, input.chatId, day));
    },

    /**
     * A step the chat skipped because the database refused it for good:
     * kept for the chat's detail and logged, once per id.
     */
    async recordIncident(input: { id: string; chatId: string; step: string; reason: string; ref?: string }) {
      log.error('chat step skipped: the database refused it', {
        chatId: input.chatId,
        step: input.step,
        reason: input.reason,
      });
      await db.chatIncident.upsert({
        where: { id: input.id },
        create: { ...input, reason: wellFormedText(input.reason).slice(0, 500), at: new Date() },
        update: {},
      });
    },

    /** Stores an inbound message once (v1 chats; v2 chats call `receiveMessage`). */
    recordInbound(input: InboundRecord): Promise<StoredInbound> {
      return storeInbound(db, input);
    },

    /** (v1 chats; v2 chats annotate inside `applyChatChanges`.) */
    async annotateMessage(input: {
      messageId: string;
      intent: Intent;
      confidence: number;
      entities: Entities;
      botDraft: string | null;
      /** The answer the bot sent or drafted (`training:<tag>`), kept in the message's metadata. */
      answerSource?: string | null;
    }): Promise<void> {
      const row = await db.message.findUniqueOrThrow({
        where: { id: input.messageId },
        select: { metadata: true, chatId: true },
      });
      const metadata = {
        ...readJsonColumn<Record<string, unknown>>(row.metadata, {}),
        ...(input.answerSource ? { answerSource: input.answerSource } : {}),
      };
      const fill = await contactFillFromMessage(db, row.chatId, input.messageId, input.entities);
      await db.$transaction([
        db.message.update({
          where: { id: input.messageId },
          data: {
            intent: input.intent,
            confidence: input.confidence,
            entities: JSON.stringify(input.entities),
            botDraft: input.botDraft,
            metadata: JSON.stringify(metadata),
          },
        }),
        ...fill,
      ]);
    },

    /** Mirrors the workflow's state into the read model, with the history entry if there is one (v1 chats). */
    async recordChatState(input: {
      chatId: string;
      entry: StatusChangeEntry | null;
      status: ChatStatus;
      priority: Priority;
      attendantId: string | null;
      context: Record<string, unknown>;
    }): Promise<void> {
      const { entry } = input;
      await db.$transaction(async (tx) => {
        if (entry) {
          await tx.statusChange.upsert({
            where: { id: statusChangeId(input.chatId, entry.seq) },
            create: toStatusChangeRow(input.chatId, entry),
            update: {},
          });
        }
        await tx.chat.update({
          where: { id: input.chatId },
          data: {
            status: input.status,
            priority: input.priority,
            attendantId: input.attendantId,
            context: JSON.stringify(input.context),
            ...(entry && isTerminal(entry.to) ? { closedAt: new Date(entry.at) } : {}),
          },
        });
      });
    },
  };
}

/** What `recordChat` answers: the chat's protocol number (null only for a row written before numbers, see below). */
export interface RecordedChat {
  protocol: string | null;
  /** The greeting and protocol line to send (automatic messages, rendered for this chat). */
  texts?: ChatTexts;
  /** The channel's inactivity settings, in milliseconds. */
  inactivity?: InactivityPlan;
}

/** What a new chat reads of its configuration: the automatic messages and its channel's settings. */
async function chatConfiguration(db: Db, channelId: string) {
  const [messages, channel] = await Promise.all([loadAutomaticMessages(db), loadChannelSettings(db, channelId)]);
  return {
    inactivity: inactivityPlanOf(channel),
    texts: (protocol: string | null, contactName: string | undefined) =>
      chatTextsAtStart(messages, channelId, chatVariables({ contactName, protocol })),
  };
}

/**
 * The protocol of a chat already written. A row an older process wrote
 * without a number (during a rolling upgrade, after migration 0009's
 * backfill) gets one now, of the day it opened.
 */
async function protocolOf(db: Db, chatId: string, day: string): Promise<string | null> {
  const chat = await db.chat.findUnique({ where: { id: chatId }, select: { protocol: true } });
  if (!chat) return null;
  if (chat.protocol) return chat.protocol;
  return db
    .$transaction(async (tx) => {
      const protocol = await nextProtocol(tx, day);
      const { count } = await tx.chat.updateMany({ where: { id: chatId, protocol: null }, data: { protocol } });
      // Numbered meanwhile by another run: that number stands, this one is given back.
      if (count === 0) throw new ProtocolTaken();
      return protocol;
    })
    .catch(async (err: unknown) => {
      if (!(err instanceof ProtocolTaken)) throw err;
      return (await db.chat.findUniqueOrThrow({ where: { id: chatId }, select: { protocol: true } })).protocol;
    });
}

class ProtocolTaken extends Error {}

export interface InboundRecord {
  chatId: string;
  channelId: string;
  sender: Sender;
  message: InboundMessage;
}

/** `duplicate`: another chat already holds this channel message id (a provider retry after a chat closed). */
export interface StoredInbound {
  messageId: string;
  duplicate: boolean;
}

/** Stores an inbound message once: a re-run finds the row it wrote and answers the same. */
export async function storeInbound(db: Db, input: InboundRecord): Promise<StoredInbound> {
  const { message } = input;
  const id = inboundMessageId(input.chatId, message.channelMessageId);
  try {
    const created = db.message.create({
      data: {
        id,
        chatId: input.chatId,
        channelId: input.channelId,
        sender: input.sender,
        type: message.type,
        // Repaired here too: a chat started before the edge repaired text may hold a broken message.
        content: wellFormedText(message.content),
        channelMessageId: message.channelMessageId,
        media: message.media ? JSON.stringify(message.media) : null,
        metadata: JSON.stringify({ sentAt: message.sentAt }),
        createdAt: new Date(message.receivedAt),
      },
    });
    const event = chatEvent('message.created', input.chatId, {
      messageId: id,
      sender: input.sender,
      type: message.type,
    });
    await db.$transaction([created, db.chatEvent.create({ data: event })]);
  } catch (err) {
    // Already stored: by this step before a re-run, or by another chat (a provider retry after a close).
    if ((err as { code?: unknown } | null)?.code !== 'P2002') throw err;
    return storedBefore(db, input);
  }
  await ownContactOf(db, input, id);
  return { messageId: id, duplicate: false };
}

/** The answer for a message stored before: by this chat (a re-run) or another (a provider retry after a close). */
async function storedBefore(db: Db, input: InboundRecord): Promise<StoredInbound> {
  const { message } = input;
  const existing = await db.message.findUniqueOrThrow({
    where: { channelId_channelMessageId: { channelId: input.channelId, channelMessageId: message.channelMessageId } },
    select: { id: true, chatId: true },
  });
  const duplicate = existing.chatId !== input.chatId;
  // A re-run finishes what the first run may not have.
  if (!duplicate) await ownContactOf(db, input, existing.id);
  return { messageId: existing.id, duplicate };
}

/** A card the customer shared of themselves gives their contact its phone (src/contacts/ownPhone.ts). */
async function ownContactOf(db: Db, input: InboundRecord, messageId: string): Promise<void> {
  const card = input.message.ownContact;
  if (!card || input.sender !== 'customer') return;
  await giveOwnPhone(db, { channelId: input.channelId, externalId: card.externalId, phone: card.phone, messageId });
}

export function toStatusChangeRow(chatId: string, entry: StatusChangeEntry) {
  return {
    id: statusChangeId(chatId, entry.seq),
    chatId,
    seq: entry.seq,
    from: entry.from,
    to: entry.to,
    actor: entry.actor,
    note: entry.note !== undefined ? wellFormedText(entry.note) : null,
    at: new Date(entry.at),
  };
}
