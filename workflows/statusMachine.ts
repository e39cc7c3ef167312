import type { ActorName, ChatStatus, StatusChangeEntry } from './types';
import { TERMINAL_STATUSES } from './types';

/** Legal moves of docs/design.md's status machine. Terminal statuses lead nowhere. */
const TRANSITIONS: Record<ChatStatus, readonly ChatStatus[]> = {
  waiting: ['in_progress', 'transferred', 'waiting_attendant', 'waiting_customer', 'resolved', 'cancelled'],
  in_progress: ['waiting_customer', 'transferred', 'waiting_attendant', 'resolved', 'cancelled'],
  waiting_customer: ['in_progress', 'transferred', 'waiting_attendant', 'on_hold', 'resolved', 'cancelled'],
  transferred: ['waiting_attendant', 'waiting_customer', 'resolved', 'cancelled'],
  waiting_attendant: ['waiting_customer', 'transferred', 'on_hold', 'resolved', 'cancelled'],
  // Woken by its time or the customer (waiting_attendant), or released by its attendant's reply (waiting_customer).
  on_hold: ['waiting_attendant', 'waiting_customer', 'transferred', 'resolved', 'cancelled'],
  resolved: [],
  cancelled: [],
};

/** Workflow-side history is bounded; the database keeps every entry. */
export const MAX_HISTORY_IN_STATE = 100;

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: ChatStatus,
    readonly to: ChatStatus,
  ) {
    super(`illegal status change ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function isTerminal(status: ChatStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function canTransition(from: ChatStatus, to: ChatStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** A chat's status plus its history; pure, so it is unit-tested and replay-safe. */
export class StatusMachine {
  constructor(
    private current: ChatStatus,
    private readonly entries: StatusChangeEntry[],
    private nextSeq: number,
  ) {}

  static fresh(): StatusMachine {
    return new StatusMachine('waiting', [], 1);
  }

  get status(): ChatStatus {
    return this.current;
  }

  get history(): StatusChangeEntry[] {
    return this.entries;
  }

  get nextSequence(): number {
    return this.nextSeq;
  }

  get terminal(): boolean {
    return isTerminal(this.current);
  }

  /** Throws IllegalTransitionError unless `to` is the current status or a legal move. */
  assertCanMoveTo(to: ChatStatus): void {
    if (to !== this.current && !canTransition(this.current, to)) throw new IllegalTransitionError(this.current, to);
  }

  /** Records the initial `waiting` entry (seq 1). */
  start(at: string, actor: ActorName): StatusChangeEntry {
    return this.append({ seq: this.nextSeq, at, from: null, to: 'waiting', actor });
  }

  /**
   * Moves to `to` and returns the history entry, or `null` when already
   * there. Throws IllegalTransitionError for a move the machine forbids.
   */
  transition(to: ChatStatus, actor: ActorName, at: string, note?: string): StatusChangeEntry | null {
    this.assertCanMoveTo(to);
    if (to === this.current) return null;
    const entry: StatusChangeEntry = { seq: this.nextSeq, at, from: this.current, to, actor };
    if (note !== undefined) entry.note = note;
    this.current = to;
    return this.append(entry);
  }

  private append(entry: StatusChangeEntry): StatusChangeEntry {
    this.entries.push(entry);
    if (this.entries.length > MAX_HISTORY_IN_STATE) this.entries.splice(0, this.entries.length - MAX_HISTORY_IN_STATE);
    this.nextSeq += 1;
    return entry;
  }
}
