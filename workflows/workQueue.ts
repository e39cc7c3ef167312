import { condition } from '@temporalio/workflow';
import { commandRejected } from './commandRules';
import type { InactivityDue } from './inactivity';
import { COMMAND_ERRORS, type AssignmentEvent, type CloseRequest, type InboundMessage } from './types';

/**
 * A command waits its turn behind the chat's current step (a bot turn may
 * wait on an LLM); past this it gives up (the API answers 503) rather than
 * hold the attendant's request open.
 */
const COMMAND_TURN_TIMEOUT = '20 seconds';

export interface CommandItem {
  kind: 'command';
  run: () => void | Promise<void>;
  started: boolean;
  done: boolean;
  error?: unknown;
}

/** What a chat does, one item at a time, in arrival order. */
export type Work =
  | { kind: 'inbound'; message: InboundMessage }
  | { kind: 'close'; request: CloseRequest }
  | { kind: 'silent'; due?: InactivityDue }
  | { kind: 'assignment'; event: AssignmentEvent }
  | { kind: 'queue_check' }
  | { kind: 'reservation_over'; attendantId: string }
  | { kind: 'sla_due' }
  | { kind: 'hold_over' }
  | CommandItem;

export class WorkQueue {
  readonly items: Work[] = [];

  push(item: Work): void {
    this.items.push(item);
  }

  /** Queues a command and waits until it has run (or failed); gives up if its turn does not come in time. */
  async runCommand(run: CommandItem['run']): Promise<void> {
    const item: CommandItem = { kind: 'command', run, started: false, done: false };
    this.items.push(item);
    if (!(await condition(() => item.done, COMMAND_TURN_TIMEOUT))) {
      if (!item.started) {
        this.items.splice(this.items.indexOf(item), 1);
        throw commandRejected(COMMAND_ERRORS.chatBusy, 'the chat is busy; try again');
      }
      await condition(() => item.done);
    }
    if (item.error !== undefined) throw item.error;
  }
}
