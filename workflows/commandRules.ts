import { ApplicationFailure } from '@temporalio/common';
import { isTerminal } from './statusMachine';
import { COMMAND_ERRORS, type ActorName, type AttendantActor, type ChatCommand, type ChatStatus } from './types';

/** What the rules need to know of a chat. */
export interface CommandSubject {
  chatId: string;
  status: ChatStatus;
  attendantId: string | null;
}

/** A rejected command: non-retryable, so the caller gets it at once (the API answers 409). */
export function commandRejected(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * Who may do what to a chat. Pure: Update validators call them before a
 * command reaches history, and the command calls them again when its turn
 * comes, since the chat may have moved in between.
 */
export const commandRules = {
  /** The command is for this chat, and this chat is open. */
  open(chat: CommandSubject, cmd: ChatCommand): void {
    if (cmd.chatId !== chat.chatId) throw commandRejected(COMMAND_ERRORS.chatClosed, `chat ${cmd.chatId} is closed`);
    if (isTerminal(chat.status)) throw commandRejected(COMMAND_ERRORS.chatClosed, `chat is ${chat.status}`);
  },

  claim(chat: CommandSubject, cmd: ChatCommand): void {
    commandRules.open(chat, cmd);
    if (chat.attendantId !== null && chat.attendantId !== cmd.attendantId && cmd.role === 'attendant') {
      throw commandRejected(COMMAND_ERRORS.notAssignee, 'chat is assigned to another attendant');
    }
  },

  /** Reply: only the assigned attendant writes to the customer. */
  assignee(chat: CommandSubject, cmd: ChatCommand): void {
    commandRules.open(chat, cmd);
    if (chat.attendantId !== cmd.attendantId) {
      throw commandRejected(COMMAND_ERRORS.notAssignee, "caller is not the chat's attendant");
    }
  },

  /** Transfer and resolve: the assignee, or a supervisor or admin. */
  assigneeOrSupervisor(chat: CommandSubject, cmd: ChatCommand): void {
    commandRules.open(chat, cmd);
    if (cmd.role === 'attendant' && chat.attendantId !== cmd.attendantId) {
      throw commandRejected(COMMAND_ERRORS.notAssignee, "caller is not the chat's attendant");
    }
  },

  release(chat: CommandSubject, cmd: ChatCommand): void {
    commandRules.assigneeOrSupervisor(chat, cmd);
    if (chat.attendantId === null)
      throw commandRejected(COMMAND_ERRORS.notAssignee, 'chat has no attendant to release');
  },
};

export function attendantName(actor: AttendantActor): ActorName {
  return `attendant:${actor.attendantId}`;
}
