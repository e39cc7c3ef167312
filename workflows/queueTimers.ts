import { condition } from '@temporalio/workflow';
import type { QueueState } from './types';

/**
 * The queue's two deadlines for one chat: look for someone again (a working
 * day begins, or the periodic check that finds a seat whose signal was lost),
 * and the reservation an assigned attendant must answer within. One timer at
 * a time, for whichever comes first; nothing runs while neither is set, so a
 * chat the bot handles alone has no queue timer at all.
 */
export class QueueTimers {
  constructor(
    private readonly queue: QueueState,
    private readonly onRecheck: () => void,
    private readonly onReservationOver: (attendantId: string) => void,
  ) {}

  private nextDue(): number | null {
    const times = [this.queue.recheckAt, this.queue.reservation?.until ?? null].filter((t): t is number => t !== null);
    return times.length > 0 ? Math.min(...times) : null;
  }

  async run(): Promise<void> {
    for (;;) {
      const due = this.nextDue();
      if (due === null) {
        await condition(() => this.nextDue() !== null);
        continue;
      }
      if (Date.now() < due) {
        // Wakes early when a deadline moves (an assignment, a reply).
        await condition(() => this.nextDue() !== due, due - Date.now());
        continue;
      }
      const now = Date.now();
      if (this.queue.recheckAt !== null && this.queue.recheckAt <= now) {
        this.queue.recheckAt = null;
        this.onRecheck();
      }
      const reservation = this.queue.reservation;
      if (reservation && reservation.until <= now) {
        this.queue.reservation = null;
        this.onReservationOver(reservation.attendantId);
      }
    }
  }
}
