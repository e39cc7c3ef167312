import { condition } from '@temporalio/workflow';
// The calendar's arithmetic is pure (luxon, no clock, no I/O) and written for workflow code.
// eslint-disable-next-line no-restricted-imports
import { BusinessCalendar } from '../src/calendar/businessCalendar';
// eslint-disable-next-line no-restricted-imports
import { addWorkingTime, workingTimeBetween } from '../src/calendar/workingTime';
import type { ChatModel } from './chatModel';
import type { Outbox } from './outbox';
import { records } from './proxies';
import { writeStep } from './stepWriter';
import { iso } from './slaView';
import { PRIORITIES, SLA_TARGETS, type SlaClock, type SlaState, type SlaTarget } from './types';

/** The patch that brought SLA policies: chats handed off on older code run without clocks. */
export const SLA_PATCH = 'sla';

/**
 * A chat's SLA clocks (docs/design.md, "SLA policies"), run by its own
 * workflow. The policy is read once by the `slaPlan` activity when the chat
 * is first handed to people; from then on each step's end settles the
 * clocks from the chat's status — they run while the company owes an answer
 * (`transferred`, `waiting_attendant`), pause in `waiting_customer` and
 * `on_hold`, and stop at resolve — counting business hours only when the
 * policy says so. One timer at a time, for the nearest warning or deadline;
 * a deadline that moves later is not chased (the timer wakes, finds nothing
 * due, and sleeps again), so a step costs no timer events unless a clock
 * starts with a nearer deadline.
 *
 *  - `firstResponse`: from the hand-off to the first answer (the chat goes
 *    `waiting_customer`);
 *  - `nextResponse`: after that, from each customer message to the answer;
 *  - `resolution`: from the hand-off to resolve.
 */
export class SlaClocks {
  /** A deadline is in the chat's work queue: the timer waits for it to be handled. */
  private pending = false;
  /** Replaying a hand-off from before the patch: no clocks for this run. */
  private off = false;
  private calendarOf: BusinessCalendar | null = null;

  constructor(
    private readonly chat: ChatModel,
    private readonly onDue: () => void,
  ) {}

  private get sla(): SlaState | null | undefined {
    return this.chat.state.sla;
  }

  /** People handle the chat for the first time since it began (or since the patch): it gets its policy now. */
  async attachIfDue(outbox: Outbox): Promise<void> {
    const { chat } = this;
    if (this.sla !== undefined || this.off || chat.machine.terminal) return;
    if (!chat.queued && chat.state.attendantId === null) return;
    if (!chat.usesQueue() || !chat.patches.has(SLA_PATCH)) {
      this.off = true;
      return;
    }
    const plan = await records.slaPlan({
      chatId: chat.chatId,
      channelId: chat.start.channelId,
      department: chat.state.department,
      priority: chat.state.priority,
      at: new Date().toISOString(),
    });
    chat.state.sla = plan ? { ...plan, clocks: {}, breaches: [] } : null;
    if (!plan) return;
    this.settle();
    await writeStep(chat, outbox);
  }

  /** Before each step's write: starts, pauses and stops the clocks for the chat's status now. */
  settle(): void {
    const sla = this.sla;
    if (!sla) return;
    const status = this.chat.status;
    const now = Date.now();
    const owed = status === 'transferred' || status === 'waiting_attendant';
    let changed = false;
    const mark = (did: boolean) => {
      changed ||= did;
    };
    if (this.chat.machine.terminal) {
      for (const t of SLA_TARGETS) {
        const c = sla.clocks[t];
        if (c && !c.done) mark(this.stop(c, now, true));
      }
    } else {
      // The answer came: the first response is met, and the next response's clock waits for the customer.
      const answered = status === 'waiting_customer';
      const first = sla.clocks.firstResponse;
      if (answered) {
        if (first && !first.done) mark(this.stop(first, now, true));
        if (sla.clocks.nextResponse) {
          delete sla.clocks.nextResponse;
          mark(true);
        }
        sla.answered = true;
      }
      if (sla.targets.firstResponse !== undefined && !sla.answered) {
        mark(this.runOrPause('firstResponse', owed, now));
      }
      if (sla.targets.nextResponse !== undefined && sla.answered && (owed || sla.clocks.nextResponse)) {
        mark(this.runOrPause('nextResponse', owed, now));
      }
      if (sla.targets.resolution !== undefined) mark(this.runOrPause('resolution', owed, now));
    }
    if (changed) this.chat.changes.touch();
  }

  /** A warning or deadline came (its work item's turn): raise it, and act on a breach as the policy says. */
  fire(): void {
    this.pending = false;
    const sla = this.sla;
    if (!sla) return;
    const now = Date.now();
    for (const target of SLA_TARGETS) {
      const c = sla.clocks[target];
      if (!c || c.done || c.since === null) continue;
      if (!c.warned && c.warnAt !== null && c.warnAt <= now) {
        c.warned = true;
        this.chat.changes.addEvent('sla.warning', { target, policy: sla.policy, dueAt: iso(c.dueAt) });
      }
      if (c.dueAt !== null && c.dueAt <= now) {
        // A breached clock counts no more (a next response's starts afresh after the answer).
        this.stop(c, now, true);
        c.breached = true;
        const at = new Date(now).toISOString();
        sla.breaches.push({ target, at });
        this.chat.changes.addEvent('sla.breached', { target, policy: sla.policy, at });
        this.onBreach(target);
      }
    }
    this.chat.changes.touch();
  }

  /** The nearest warning or deadline of a running clock (epoch ms), or null. */
  nextDue(): number | null {
    const sla = this.sla;
    if (!sla || this.pending) return null;
    let next: number | null = null;
    for (const t of SLA_TARGETS) {
      const c = sla.clocks[t];
      if (!c || c.done || c.since === null) continue;
      for (const at of [c.warned ? null : c.warnAt, c.dueAt]) {
        if (at !== null && (next === null || at < next)) next = at;
      }
    }
    return next;
  }

  async run(): Promise<void> {
    for (;;) {
      const due = this.nextDue();
      if (due === null) {
        await condition(() => this.nextDue() !== null);
        continue;
      }
      if (Date.now() < due) {
        // Wakes early only for a nearer deadline; a later one is found when this timer fires.
        await condition(() => {
          const next = this.nextDue();
          return next !== null && next < due;
        }, due - Date.now());
        continue;
      }
      this.pending = true;
      this.onDue();
    }
  }

  private onBreach(target: SlaTarget): void {
    const sla = this.sla!;
    const { chat } = this;
    if (sla.onBreach.raisePriority) {
      const i = PRIORITIES.indexOf(chat.state.priority);
      if (i < PRIORITIES.length - 1) chat.state.priority = PRIORITIES[i + 1]!;
    }
    if (sla.onBreach.requeue && chat.state.attendantId !== null && chat.status === 'waiting_attendant') {
      chat.queue.reservation = null;
      chat.unassign('system', `SLA ${target} breached (${sla.policy}): back to the queue`, { passOver: true });
    }
  }

  private runOrPause(target: SlaTarget, run: boolean, now: number): boolean {
    const sla = this.sla!;
    let c = sla.clocks[target];
    if (!c) {
      if (!run) return false;
      c = {
        targetMs: sla.targets[target]!,
        spentMs: 0,
        since: null,
        dueAt: null,
        warnAt: null,
        warned: false,
        breached: false,
        done: false,
      };
      sla.clocks[target] = c;
    }
    if (c.done) return false;
    if (run && c.since === null) {
      c.since = now;
      this.deadlines(c);
      return true;
    }
    if (!run && c.since !== null) return this.stop(c, now, false);
    return false;
  }

  /** Pauses a running clock (its time counted); `done`: it counts no more. */
  private stop(c: SlaClock, now: number, done: boolean): boolean {
    let changed = false;
    if (c.since !== null) {
      c.spentMs = this.counted(c, now);
      c.since = null;
      c.dueAt = null;
      c.warnAt = null;
      changed = true;
    }
    if (done && !c.done) {
      c.done = true;
      changed = true;
    }
    return changed;
  }

  private counted(c: SlaClock, now: number): number {
    if (c.since === null) return c.spentMs;
    const calendar = this.calendar();
    return c.spentMs + (calendar ? workingTimeBetween(calendar, this.sla!.department, c.since, now) : now - c.since);
  }

  private deadlines(c: SlaClock): void {
    const sla = this.sla!;
    const calendar = this.calendar();
    const after = (ms: number) =>
      calendar ? addWorkingTime(calendar, sla.department, c.since!, ms) : c.since! + Math.max(0, ms);
    c.dueAt = after(c.targetMs - c.spentMs);
    c.warnAt = c.warned ? null : after(c.targetMs * sla.warnAt - c.spentMs);
  }

  private calendar(): BusinessCalendar | null {
    const cal = this.sla?.calendar;
    if (!cal) return null;
    this.calendarOf ??= new BusinessCalendar(cal.hours, cal.national);
    return this.calendarOf;
  }
}
