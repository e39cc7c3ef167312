import type { OutboundMessage, Priority, StatusChangeEntry, ChatStatus } from './types';
import type { Entities, Intent } from './botTypes';
import type { SlaView } from './slaView';

/** What the chat's row in the database says of its live state. */
export interface ChatRowState {
  status: ChatStatus;
  priority: Priority;
  /**
   * Written by chats that predate the queue only: since it, the seat
   * operations of src/assignment/seats.ts own this column, and a step only
   * frees seats (`releasedSeats`).
   */
  attendantId?: string | null;
  context: Record<string, unknown>;
  /** The SLA as shown (workflows/sla.ts `slaView`), for chats with a policy. */
  sla?: SlaView;
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
  /** Attendants whose seat on this chat the step freed (a release, a transfer, a reservation run out). */
  releasedSeats?: string[];
  /** Live events the step raises besides its status changes and messages (`sla.warning`, `sla.breached`). */
  events?: { type: string; data: Record<string, unknown> }[];
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
  private releasedSeats: string[] = [];
  private events: { type: string; data: Record<string, unknown> }[] = [];
  /** Only the chat's row changed (an SLA clock started or stopped). */
  private touched = false;

  addEntry(entry: StatusChangeEntry | null): void {
    if (entry) this.entries.push(entry);
  }

  addOutbound(message: OutboundMessage): void {
    this.outbound.push(message);
  }

  releaseSeat(attendantId: string): void {
    this.releasedSeats.push(attendantId);
  }

  addEvent(type: string, data: Record<string, unknown>): void {
    this.events.push({ type, data });
  }

  /** The row must be written even with nothing else changed. */
  touch(): void {
    this.touched = true;
  }

  annotate(annotation: MessageAnnotation): void {
    this.annotation = annotation;
  }

  /** The changes collected since the last call, or null when there are none. */
  take(): Omit<ChatChanges, 'chatId' | 'chat'> | null {
    const released = this.releasedSeats;
    const { events } = this;
    if (
      this.entries.length === 0 &&
      this.outbound.length === 0 &&
      !this.annotation &&
      released.length === 0 &&
      events.length === 0 &&
      !this.touched
    ) {
      return null;
    }
    const taken = {
      entries: this.entries,
      outbound: this.outbound,
      ...(this.annotation ? { annotation: this.annotation } : {}),
      ...(released.length > 0 ? { releasedSeats: released } : {}),
      ...(events.length > 0 ? { events } : {}),
    };
    this.events = [];
    this.touched = false;
    this.entries = [];
    this.outbound = [];
    this.annotation = undefined;
    this.releasedSeats = [];
    return taken;
  }
}
