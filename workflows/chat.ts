import { continueAsNew, setHandler } from '@temporalio/workflow';
import { ChatSession } from './chatSession';
import {
  claimUpdate,
  closeSignal,
  inboundSignal,
  openedSignal,
  releaseUpdate,
  replyUpdate,
  resolveUpdate,
  stateQuery,
} from './messages';
import type { ChatOutcome, ChatStart } from './types';

export * from './messages';

/**
 * One customer conversation, from the first message to resolution. Handlers
 * are one line each; the session holds state and behaviour.
 */
export async function chatWorkflow(start: ChatStart): Promise<ChatOutcome> {
  const chat = new ChatSession(start);

  // `opened` only starts the chat (signalWithStart needs a signal); the contact comes with the input.
  setHandler(openedSignal, () => undefined);
  setHandler(inboundSignal, (m) => chat.receive(m));
  setHandler(closeSignal, (r) => chat.requestClose(r));
  setHandler(stateQuery, () => chat.view());
  setHandler(claimUpdate, (a) => chat.command(() => chat.claim(a)), { validator: (a) => chat.validateClaim(a) });
  setHandler(replyUpdate, (c) => chat.command(() => chat.reply(c)), { validator: (c) => chat.validateAssignee(c) });
  setHandler(releaseUpdate, (a) => chat.command(() => chat.release(a)), { validator: (a) => chat.validateRelease(a) });
  setHandler(resolveUpdate, (c) => chat.command(() => chat.resolve(c)), {
    validator: (c) => chat.validateAssigneeOrSupervisor(c),
  });

  const end = await chat.run();
  if (end === 'continue') {
    return continueAsNew<typeof chatWorkflow>({ ...start, state: chat.snapshot(), pending: [], newChat: false });
  }
  if (end !== 'closed') {
    // The customer wrote while this chat was closing: their messages open the next chat.
    return continueAsNew<typeof chatWorkflow>({ ...start, state: undefined, pending: end.late, newChat: true });
  }
  return { chatId: chat.view().chatId, status: chat.view().status };
}
