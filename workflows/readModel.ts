import type { Entities, Intent, OutboundMessage, Priority, StatusChangeEntry, ChatStatus } from './types';

/** What the chat's row in the database says of its live state. */
export interface ChatRowState {
  status: ChatStatus;
  priority: Priority;
  attendantId: string | null;
  context: Record<string, unknown>;
}

/** The bot's reading of a customer message, stored on the message. */
export interface MessageAnnotation {
  messageId: string;
  /** The channel's time of the message, kept in its metadata. */
  sentAt: string;
  intent: Intent;
  confidence: number;
  entities: Entities;
  /** The answer kept for an attendant to review, when the bot handed off with one. */
  botDraft: string | null;
  /** The answer the bot sent or drafted (`training:<tag>`), kept in the message's metadata. */
  answerSource: string | null;
}

/** Everything one step of a chat changed, written by `applyChatChanges` in one transaction. */
export interface ChatChanges {
  chatId: string;
  entries: StatusChangeEntry[];
  annotation?: MessageAnnotation;
  /** Rows created `pending`; the outbox delivers them once they exist. */
  outbound: OutboundMessage[];
  chat: ChatRowState;
}

/**
 * Collects what a step of the chat changes, so the step costs one database
 * transaction (one local activity) however many things it touched.
 */
export class ChangeBuffer {
  private entries: StatusChangeEntry[] = [];
  private outbound: OutboundMessage[] = [];
  private annotation: MessageAnnotation | undefined;

  addEntry(entry: StatusChangeEntry | null): void {
    if (entry) this.entries.push(entry);
  }

  addOutbound(message: OutboundMessage): void {
    this.outbound.push(message);
  }

  annotate(annotation: MessageAnnotation): void {
    this.annotation = annotation;
  }

  /** The changes collected since the last call, or null when there are none. */
  take(): Omit<ChatChanges, 'chatId' | 'chat'> | null {
    if (this.entries.length === 0 && this.outbound.length === 0 && !this.annotation) return null;
    const taken = {
      entries: this.entries,
      outbound: this.outbound,
      ...(this.annotation ? { annotation: this.annotation } : {}),
    };
    this.entries = [];
    this.outbound = [];
    this.annotation = undefined;
    return taken;
  }
}
