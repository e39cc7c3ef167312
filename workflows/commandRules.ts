import { ApplicationFailure } from '@temporalio/common';
import { can, REFUSAL_MESSAGES, refusalOf, type Actor, type ChatAction, type ChatFacts } from './chatAccess';
import { isTerminal } from './statusMachine';
import { COMMAND_ERRORS, type ActorName, type AttendantActor, type ChatCommand } from './types';

/** What the rules need to know of a chat: the access policy's facts, and which chat it is. */
export interface CommandSubject extends ChatFacts {
  chatId: string;
}

/** A rejected command: non-retryable, so the caller gets it at once (the API answers 409). */
export function commandRejected(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

export function actorOf(cmd: AttendantActor): Actor {
  return { id: cmd.attendantId, role: cmd.role, department: cmd.department ?? null };
}

/** The access policy's word on the command (workflows/chatAccess.ts). */
function permitted(chat: CommandSubject, cmd: ChatCommand, action: ChatAction, message?: string): void {
  if (can(actorOf(cmd), action, chat)) return;
  const type = refusalOf(action, chat);
  throw commandRejected(type, message ?? REFUSAL_MESSAGES[type]);
}

/** The command's chat is open and the policy lets the caller do `action`. */
function openAndPermitted(action: ChatAction) {
  return (chat: CommandSubject, cmd: ChatCommand): void => {
    commandRules.open(chat, cmd);
    permitted(chat, cmd, action);
  };
}

/**
 * Whether a command may run on a chat: it is open, and the access policy
 * lets the caller do it. Pure: Update validators call them before a command
 * reaches history, and the command calls them again when its turn comes,
 * since the chat may have moved in between.
 */
export const commandRules = {
  /** The command is for this chat, and this chat is open. */
  open(chat: CommandSubject, cmd: ChatCommand): void {
    if (cmd.chatId !== chat.chatId) throw commandRejected(COMMAND_ERRORS.chatClosed, `chat ${cmd.chatId} is closed`);
    if (isTerminal(chat.status)) throw commandRejected(COMMAND_ERRORS.chatClosed, `chat is ${chat.status}`);
  },

  /** An attendant claims what their queue offers them; supervisors and admins any open chat. */
  claim(chat: CommandSubject, cmd: ChatCommand): void {
    commandRules.open(chat, cmd);
    const takenMessage = chat.attendantId !== null ? 'chat is assigned to another attendant' : undefined;
    permitted(chat, cmd, 'claim', takenMessage);
  },

  /**
   * The claim rule before the access policy (any open chat nobody else
   * holds): claims that chats accepted before it replay with it.
   */
  claimBeforeAccessPolicy(chat: CommandSubject, cmd: ChatCommand): void {
    commandRules.open(chat, cmd);
    if (chat.attendantId !== null && chat.attendantId !== cmd.attendantId && cmd.role === 'attendant') {
      throw commandRejected(COMMAND_ERRORS.notAssignee, 'chat is assigned to another attendant');
    }
  },

  /** Reply: only the assigned attendant writes to the customer. */
  reply: openAndPermitted('reply'),
  transfer: openAndPermitted('transfer'),
  resolve: openAndPermitted('resolve'),
  /** On hold and its release (workflows/onHold.ts adds the status rules). */
  hold: openAndPermitted('hold'),

  release(chat: CommandSubject, cmd: ChatCommand): void {
    commandRules.open(chat, cmd);
    permitted(chat, cmd, 'release');
    if (chat.attendantId === null)
      throw commandRejected(COMMAND_ERRORS.notAssignee, 'chat has no attendant to release');
  },
};

export function attendantName(actor: AttendantActor): ActorName {
  return `attendant:${actor.attendantId}`;
}
