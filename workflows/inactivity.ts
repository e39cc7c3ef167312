import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { condition, sleep } from '@temporalio/workflow';
import type { InactivityPlan, WaitingKind } from './types';

export type { InactivityPeriod, InactivityPlan, WaitingKind } from './types';

/** A deadline reached: warn the customer, or close the chat. `since` names the wait it belongs to. */
export interface InactivityDue {
  phase: 'warn' | 'close';
  since: number;
}

/** What continue-as-new carries besides `waitingCustomerSince`. */
export interface InactivityWatchState {
  waitingKind?: WaitingKind | null;
  inactivityWarned?: boolean;
}

/**
 * The deadlines of a chat waiting on a silent customer: a warning (when its
 * channel sets one), then the close. Each message pushes them back, but the
 * timer is not cancelled and restarted per message (two history events each
 * time): it runs out, finds the deadline moved, and sleeps the rest. So a busy
 * chat costs one timer per period, not one per message. Only the two waiting
 * states run it (`reset(null)` otherwise): a chat waiting for an attendant, or
 * in any other state, is never closed for the company's silence.
 */
export class InactivityWatch {
  private readonly defaultCloseMs: number;
  private kind: WaitingKind | null;
  private warned: boolean;

  /** `since`: when the chat began waiting for the customer (epoch ms), or null when it is not waiting. */
  constructor(
    timeout: Duration,
    private since: number | null,
    private readonly onDue: (due: InactivityDue) => void,
    private readonly plan: () => InactivityPlan | undefined = () => undefined,
    saved: InactivityWatchState = {},
  ) {
    this.defaultCloseMs = msToNumber(timeout);
    this.kind = saved.waitingKind ?? null;
    this.warned = saved.inactivityWarned ?? false;
  }

  /** After each step: the chat waits for the customer from now on (after the bot or an attendant), or does not wait for them. */
  reset(waiting: WaitingKind | null): void {
    this.since = waiting ? Date.now() : null;
    this.kind = waiting;
    this.warned = false;
  }

  get waitingSince(): number | null {
    return this.since;
  }

  saved(): InactivityWatchState {
    return { waitingKind: this.kind, inactivityWarned: this.warned };
  }

  /** The warning's and the close's delays for the current wait (a warning not before the close). */
  private period(): { warnMs: number | null; closeMs: number } {
    const p = this.kind ? this.plan()?.[this.kind] : undefined;
    const closeMs = p?.closeAfterMs ?? this.defaultCloseMs;
    const warnMs = p?.warnAfterMs ?? null;
    return { warnMs: warnMs !== null && warnMs < closeMs ? warnMs : null, closeMs };
  }

  async run(): Promise<void> {
    for (;;) {
      await condition(() => this.since !== null);
      const since = this.since!;
      const { warnMs, closeMs } = this.period();
      const warnDue = !this.warned && warnMs !== null ? since + warnMs : null;
      const due = warnDue ?? since + closeMs;
      if (Date.now() < due) {
        await sleep(due - Date.now());
      } else if (warnDue !== null) {
        this.warned = true;
        this.onDue({ phase: 'warn', since });
      } else {
        this.since = null;
        this.onDue({ phase: 'close', since });
      }
    }
  }
}
