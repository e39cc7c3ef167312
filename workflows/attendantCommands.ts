import { patched } from '@temporalio/workflow';
import type { ChatModel } from './chatModel';
import { attendantName, commandRejected, commandRules } from './commandRules';
import { records } from './proxies';
import {
  COMMAND_ERRORS,
  type ChatCommand,
  type ReplyCommand,
  type ResolveCommand,
  type TransferCommand,
} from './types';

/** The patch that made claims obey the access policy (workflows/chatAccess.ts). */
export const ACCESS_POLICY_PATCH = 'one-access-policy';

/**
 * Gives the chat's seat to `attendantId` if they have room: decided by one
 * database transaction (src/assignment/seats.ts), the only place capacity is
 * decided, so two claims at an attendant's limit cannot both pass.
 */
async function takeSeat(chat: ChatModel, attendantId: string): Promise<void> {
  if (!chat.usesQueue() || chat.state.attendantId === attendantId) return;
  const outcome = await records.takeSeat({ chatId: chat.chatId, attendantId });
  if (outcome === 'at_capacity') {
    throw commandRejected(COMMAND_ERRORS.atCapacity, 'attendant has reached their maximum of concurrent chats');
  }
  if (outcome === 'unavailable') throw commandRejected(COMMAND_ERRORS.attendantUnavailable, 'attendant is not active');
  if (outcome === 'chat_gone') throw commandRejected(COMMAND_ERRORS.chatClosed, 'chat is closed');
}

/** The chat has been served or taken by hand: it leaves the queue for good. */
function leaveQueue(chat: ChatModel): void {
  chat.queue.since = null;
  chat.queue.recheckAt = null;
  chat.queue.reservation = null;
}

/**
 * What each attendant command does to a chat. Each runs when its turn comes
 * in the chat's queue and checks its rule again first: the chat may have
 * moved since the Update's validator passed it.
 */
export const attendantCommands = {
  async claim(chat: ChatModel, cmd: ChatCommand): Promise<void> {
    // Claims accepted before the access policy replay with the rule they were run by.
    const rule = patched(ACCESS_POLICY_PATCH) ? commandRules.claim : commandRules.claimBeforeAccessPolicy;
    rule(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('waiting_attendant');
    await takeSeat(chat, cmd.attendantId);
    chat.state.attendantId = cmd.attendantId;
    leaveQueue(chat);
    chat.changeStatus('waiting_attendant', attendantName(cmd), 'claimed');
  },

  reply(chat: ChatModel, cmd: ReplyCommand): void {
    commandRules.reply(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('waiting_customer');
    chat.state.attendantHasWritten = true;
    leaveQueue(chat);
    chat.send('attendant', cmd.content, cmd.attendantId, {
      ...(cmd.attachment ? { attachment: cmd.attachment } : {}),
      ...(cmd.template ? { template: cmd.template } : {}),
    });
    chat.changeStatus('waiting_customer', attendantName(cmd));
  },

  /** Back to the queue (of a department), or straight to another attendant who has room. */
  async transfer(chat: ChatModel, cmd: TransferCommand): Promise<void> {
    commandRules.transfer(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('transferred');
    const by = attendantName(cmd);
    const from = chat.state.attendantId;
    if ('toDepartment' in cmd) {
      chat.state.attendantId = null;
      chat.state.department = cmd.toDepartment;
      // A new department: routing's skills no longer apply, and its queue takes the chat as new.
      chat.queue.skills = [];
      chat.queue.since = null;
      if (from) chat.queue.passedOver.push(from);
      chat.changeStatus('transferred', by, `to department ${cmd.toDepartment}`);
      return;
    }
    await takeSeat(chat, cmd.toAttendantId);
    const note = `transferred to attendant ${cmd.toAttendantId}`;
    chat.state.attendantId = null;
    chat.changeStatus('transferred', by, note);
    chat.state.attendantId = cmd.toAttendantId;
    leaveQueue(chat);
    chat.changeStatus('waiting_attendant', by, note);
  },

  release(chat: ChatModel, cmd: ChatCommand): void {
    commandRules.release(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('transferred');
    // Someone else first, unless nobody else can take it.
    chat.queue.passedOver.push(chat.state.attendantId!);
    chat.state.attendantId = null;
    chat.changeStatus('transferred', attendantName(cmd), 'released');
  },

  resolve(chat: ChatModel, cmd: ResolveCommand): void {
    commandRules.resolve(chat.subject(), cmd);
    leaveQueue(chat);
    chat.changeStatus('resolved', attendantName(cmd), cmd.note);
  },
};
