import type { ChatModel } from './chatModel';
import { attendantName, commandRejected, commandRules } from './commandRules';
import { records } from './proxies';
import { holdCommands } from './onHold';
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

/**
 * What each attendant command does to a chat. Each runs when its turn comes
 * in the chat's queue and checks its rule again first: the chat may have
 * moved since the Update's validator passed it.
 */
export const attendantCommands = {
  async claim(chat: ChatModel, cmd: ChatCommand): Promise<void> {
    // Claims accepted before the access policy replay with the rule they were run by.
    const rule = chat.patches.has(ACCESS_POLICY_PATCH) ? commandRules.claim : commandRules.claimBeforeAccessPolicy;
    rule(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('waiting_attendant');
    await takeSeat(chat, cmd.attendantId);
    chat.takeBy(cmd.attendantId, attendantName(cmd), 'claimed');
  },

  reply(chat: ChatModel, cmd: ReplyCommand): void {
    commandRules.reply(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('waiting_customer');
    chat.attendantWrites(cmd.attendantId, attendantName(cmd), cmd.content, {
      ...(cmd.attachment ? { attachment: cmd.attachment } : {}),
      ...(cmd.template ? { template: cmd.template } : {}),
    });
  },

  /** Back to the queue (of a department), or straight to another attendant who has room. */
  async transfer(chat: ChatModel, cmd: TransferCommand): Promise<void> {
    commandRules.transfer(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('transferred');
    const by = attendantName(cmd);
    if ('toDepartment' in cmd) return chat.sendToDepartment(cmd.toDepartment, by, `to department ${cmd.toDepartment}`);
    await takeSeat(chat, cmd.toAttendantId);
    chat.handOver(cmd.toAttendantId, by, `transferred to attendant ${cmd.toAttendantId}`);
  },

  release(chat: ChatModel, cmd: ChatCommand): void {
    commandRules.release(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('transferred');
    // Someone else first, unless nobody else can take it.
    chat.unassign(attendantName(cmd), 'released', { passOver: true });
  },

  resolve(chat: ChatModel, cmd: ResolveCommand): void {
    commandRules.resolve(chat.subject(), cmd);
    chat.resolve(attendantName(cmd), cmd.note);
  },

  ...holdCommands,
};
