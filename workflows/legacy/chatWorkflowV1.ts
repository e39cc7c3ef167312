import { makeContinueAsNewFunc, setHandler, uuid4 } from '@temporalio/workflow';
import { ChatSession } from './chatSessionV1';
import {
  channelEventSignal,
  claimUpdate,
  releaseUpdate,
  replyUpdate,
  resolveUpdate,
  stateQuery,
  transferUpdate,
} from '../definitions';
import type { ChatOutcome, ChatStart } from '../types';

export * from '../definitions';

/**
 * The memo names the chat a run belongs to, so the API can tell chats apart
 * once a chain holds more than one (see ChatGateway.chatIdOf).
 */
function continueAs(chatId: string) {
  return makeContinueAsNewFunc<typeof chatWorkflow>({ memo: { chatId } });
}

/**
 * One customer conversation, from the first message to resolution. Handlers
 * are one line each; the session holds state and behaviour.
 */
export async function chatWorkflow(start: ChatStart): Promise<ChatOutcome> {
  const chat = new ChatSession(start);

  setHandler(channelEventSignal, (e) => chat.onChannelEvent(e));
  setHandler(stateQuery, () => chat.view());
  setHandler(claimUpdate, (a) => chat.command(() => chat.claim(a)), { validator: (a) => chat.validateClaim(a) });
  setHandler(replyUpdate, (c) => chat.command(() => chat.reply(c)), { validator: (c) => chat.validateAssignee(c) });
  setHandler(transferUpdate, (c) => chat.command(() => chat.transfer(c)), {
    validator: (c) => chat.validateAssigneeOrSupervisor(c),
  });
  setHandler(releaseUpdate, (a) => chat.command(() => chat.release(a)), { validator: (a) => chat.validateRelease(a) });
  setHandler(resolveUpdate, (c) => chat.command(() => chat.resolve(c)), {
    validator: (c) => chat.validateAssigneeOrSupervisor(c),
  });

  const end = await chat.run();
  if (end === 'continue') {
    const state = chat.snapshot();
    return continueAs(state.chatId)({ ...start, state, pending: [], newChat: false });
  }
  if (end !== 'closed') {
    // The customer wrote while this chat was closing: their messages open the next chat.
    const chatId = uuid4();
    return continueAs(chatId)({ ...start, state: undefined, pending: end.late, newChat: true, chatId });
  }
  return { chatId: chat.view().chatId, status: chat.view().status };
}
