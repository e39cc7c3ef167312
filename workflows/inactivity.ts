import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { condition, sleep } from '@temporalio/workflow';

/**
 * The deadline of a chat waiting on a silent customer. Each message pushes it
 * back, but the timer is not cancelled and restarted per message (two history
 * events each time): it runs out, finds the deadline moved, and sleeps the
 * rest. So a busy chat costs one timer per timeout period, not one per message.
 */
export class InactivityWatch {
  private readonly timeoutMs: number;

  /** `since`: when the chat began waiting for the customer (epoch ms), or null when it is not waiting. */
  constructor(
    timeout: Duration,
    private since: number | null,
    private readonly onSilent: () => void,
  ) {
    this.timeoutMs = msToNumber(timeout);
  }

  /** After each step: the chat waits for the customer from now on, or does not wait for them. */
  reset(waitingForCustomer: boolean): void {
    this.since = waitingForCustomer ? Date.now() : null;
  }

  get waitingSince(): number | null {
    return this.since;
  }

  async run(): Promise<void> {
    for (;;) {
      await condition(() => this.since !== null);
      const due = this.since! + this.timeoutMs;
      if (Date.now() >= due) {
        this.since = null;
        this.onSilent();
      } else {
        await sleep(due - Date.now());
      }
    }
  }
}
