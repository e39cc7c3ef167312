import { makeContinueAsNewFunc, setHandler, uuid4 } from '@temporalio/workflow';
import { ChatSession } from './chatSession';
import { commandRules } from './commandRules';
import {
  assignmentSignal,
  channelEventSignal,
  claimUpdate,
  holdUpdate,
  releaseUpdate,
  replyUpdate,
  resolveUpdate,
  stateQuery,
  transferUpdate,
  unholdUpdate,
} from './definitions';
import { holdRules } from './onHold';
import type { ChatOutcome, ChatStart } from './types';

export * from './definitions';

/**
 * The memo names the chat a run belongs to, so the API can tell chats apart
 * once a chain holds more than one (see ChatGateway.chatIdOf).
 */
function continueAs(chatId: string) {
  return makeContinueAsNewFunc<typeof chatWorkflowV2>({ memo: { chatId } });
}

/**
 * One customer conversation, from the first message to resolution. Handlers
 * are one line each; the session holds state and behaviour.
 *
 * V2 is the lean per-message path (local activities, one transaction per
 * step, an outbox for sends). Chats started before it run on, to their end,
 * as `chatWorkflow` (workflows/legacy/): docs/decisions/0006-workflow-versions.md.
 */
export async function chatWorkflowV2(start: ChatStart): Promise<ChatOutcome> {
  const chat = new ChatSession(start);
  const rule = (r: Parameters<ChatSession['check']>[0]) => (cmd: Parameters<ChatSession['check']>[1]) =>
    chat.check(r, cmd);

  setHandler(channelEventSignal, (e) => chat.onChannelEvent(e));
  setHandler(assignmentSignal, (e) => chat.onAssignment(e));
  setHandler(stateQuery, () => chat.view());
  setHandler(claimUpdate, (c) => chat.command('claim', c), { validator: rule(commandRules.claim) });
  setHandler(replyUpdate, (c) => chat.command('reply', c), { validator: rule(commandRules.reply) });
  setHandler(transferUpdate, (c) => chat.command('transfer', c), {
    validator: rule(commandRules.transfer),
  });
  setHandler(releaseUpdate, (c) => chat.command('release', c), { validator: rule(commandRules.release) });
  setHandler(resolveUpdate, (c) => chat.command('resolve', c), { validator: rule(commandRules.resolve) });
  setHandler(holdUpdate, (c) => chat.command('hold', c), { validator: rule(holdRules.hold) });
  setHandler(unholdUpdate, (c) => chat.command('unhold', c), { validator: rule(holdRules.unhold) });

  const end = await chat.run();
  const outbox = chat.pendingDeliveries();
  if (end === 'continue') {
    const state = chat.snapshot();
    return continueAs(state.chatId)({ ...start, state, pending: [], outbox, newChat: false });
  }
  if (end !== 'closed') {
    // The customer wrote while this chat was closing: their messages open the next chat.
    const chatId = uuid4();
    return continueAs(chatId)({ ...start, state: undefined, pending: end.late, outbox, newChat: true, chatId });
  }
  return { chatId: chat.view().chatId, status: chat.view().status };
}
