import type { ChatModel } from './chatModel';
import { attendantName, commandRules } from './commandRules';
import type { ChatCommand, ReplyCommand, ResolveCommand, TransferCommand } from './types';

/**
 * What each attendant command does to a chat. Each runs when its turn comes
 * in the chat's queue and checks its rule again first: the chat may have
 * moved since the Update's validator passed it.
 */
export const attendantCommands = {
  claim(chat: ChatModel, cmd: ChatCommand): void {
    commandRules.claim(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('waiting_attendant');
    chat.state.attendantId = cmd.attendantId;
    chat.changeStatus('waiting_attendant', attendantName(cmd), 'claimed');
  },

  reply(chat: ChatModel, cmd: ReplyCommand): void {
    commandRules.assignee(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('waiting_customer');
    chat.state.attendantHasWritten = true;
    chat.send('attendant', cmd.content, cmd.attendantId);
    chat.changeStatus('waiting_customer', attendantName(cmd));
  },

  /** Back to the queue (of a department), or to another attendant through the queue. */
  transfer(chat: ChatModel, cmd: TransferCommand): void {
    commandRules.assigneeOrSupervisor(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('transferred');
    const by = attendantName(cmd);
    chat.state.attendantId = null;
    if ('toDepartment' in cmd) {
      chat.state.department = cmd.toDepartment;
      chat.changeStatus('transferred', by, `to department ${cmd.toDepartment}`);
      return;
    }
    const note = `transferred to attendant ${cmd.toAttendantId}`;
    chat.changeStatus('transferred', by, note);
    chat.state.attendantId = cmd.toAttendantId;
    chat.changeStatus('waiting_attendant', by, note);
  },

  release(chat: ChatModel, cmd: ChatCommand): void {
    commandRules.release(chat.subject(), cmd);
    chat.machine.assertCanMoveTo('transferred');
    chat.state.attendantId = null;
    chat.changeStatus('transferred', attendantName(cmd), 'released');
  },

  resolve(chat: ChatModel, cmd: ResolveCommand): void {
    commandRules.assigneeOrSupervisor(chat.subject(), cmd);
    chat.changeStatus('resolved', attendantName(cmd), cmd.note);
  },
};
