import { condition } from '@temporalio/workflow';
import type { ChatModel } from './chatModel';
import { attendantName, commandRejected, commandRules, type CommandSubject } from './commandRules';
import { COMMAND_ERRORS, type ChatCommand, type HoldCommand } from './types';

/**
 * On hold (docs/design.md, "On hold"): the chat's attendant sets it aside —
 * waiting on a third party, a callback at a set time — from
 * `waiting_attendant` or `waiting_customer`. It wakes back to its attendant
 * (`waiting_attendant`) at `until` (a workflow timer), or when the customer
 * writes (the ordinary customer-message move), or by `POST …/unhold`; a reply
 * by its attendant also ends it (`waiting_customer`). Meanwhile the SLA
 * clocks (workflows/sla.ts) and the inactivity close do not run.
 *
 * No patch: only the new `hold` command starts any of this, and no recorded
 * history holds one; chats on older code never see `on_hold`.
 */

/** Whether a hold (or its release) may run: open, the caller may hold it, it has an attendant, and its status allows. */
export const holdRules = {
  hold(chat: CommandSubject, cmd: ChatCommand): void {
    commandRules.hold(chat, cmd);
    if (chat.attendantId === null)
      throw commandRejected(COMMAND_ERRORS.notAssignee, 'chat has no attendant to hold it');
    if (chat.status !== 'waiting_attendant' && chat.status !== 'waiting_customer') {
      throw commandRejected(COMMAND_ERRORS.illegalTransition, `a chat ${chat.status} cannot be put on hold`);
    }
  },
  unhold(chat: CommandSubject, cmd: ChatCommand): void {
    commandRules.hold(chat, cmd);
    if (chat.status !== 'on_hold') throw commandRejected(COMMAND_ERRORS.illegalTransition, 'chat is not on hold');
  },
};

/** The commands, run in their turn in the chat's queue (the rules checked again first). */
export const holdCommands = {
  hold(chat: ChatModel, cmd: HoldCommand): void {
    holdRules.hold(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('on_hold');
    const until = cmd.until ? Date.parse(cmd.until) : null;
    chat.state.hold = { since: Date.now(), until, reason: cmd.reason ?? null };
    // Its attendant is on it: a reservation's answer deadline no longer applies.
    chat.queue.reservation = null;
    chat.changeStatus('on_hold', attendantName(cmd), cmd.reason ? `on hold: ${cmd.reason}` : 'on hold');
  },
  unhold(chat: ChatModel, cmd: ChatCommand): void {
    holdRules.unhold(chat.subject(), cmd);
    chat.changeStatus('waiting_attendant', attendantName(cmd), 'hold released');
  },
};

/**
 * The hold's wake-up timer. One timer while a chat is held with an `until`;
 * none otherwise. When it fires, the wake goes through the chat's queue.
 */
export class HoldWatch {
  private pending = false;

  constructor(
    private readonly chat: ChatModel,
    private readonly onOver: () => void,
  ) {}

  private until(): number | null {
    return this.pending ? null : (this.chat.state.hold?.until ?? null);
  }

  async run(): Promise<void> {
    for (;;) {
      const until = this.until();
      if (until === null) {
        await condition(() => this.until() !== null);
        continue;
      }
      if (Date.now() < until) {
        await condition(() => this.until() !== until, until - Date.now());
        continue;
      }
      this.pending = true;
      this.onOver();
    }
  }

  /** The wake-up's turn: back to its attendant, unless the hold already ended. */
  wake(): void {
    this.pending = false;
    const { chat } = this;
    const hold = chat.state.hold;
    if (chat.status !== 'on_hold' || !hold || hold.until === null || hold.until > Date.now()) return;
    chat.changeStatus('waiting_attendant', 'system', 'hold time is over');
  }

  /** Before each step's write: a chat no longer on hold forgets its hold. */
  settle(): void {
    if (this.chat.status !== 'on_hold' && this.chat.state.hold) delete this.chat.state.hold;
  }
}
