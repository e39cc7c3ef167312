import { ActivityFailure, ApplicationFailure, uuid4 } from '@temporalio/workflow';
import type { ChatModel } from './chatModel';
import { records } from './proxies';
import { PERMANENT_DATA_FAILURE } from './types';

/**
 * The patch that lets a chat skip a step the database refuses for good.
 * Before it, such a step was retried forever (no recorded history holds one
 * that ended), so old histories replay the same with it.
 */
export const POISON_STEP_PATCH = 'poison-step-recorded';

/**
 * The failure of a step the database refused for good, if `err` is one and
 * this chat may skip it. A local activity's failure reaches the workflow as
 * the ApplicationFailure itself, a normal activity's wrapped in an
 * ActivityFailure. Either, rethrown, would fail the whole chat.
 */
export function skippable(chat: ChatModel, err: unknown): ApplicationFailure | null {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  if (!(failure instanceof ApplicationFailure) || failure.type !== PERMANENT_DATA_FAILURE) return null;
  return chat.patches.has(POISON_STEP_PATCH) ? failure : null;
}

/** Records the skipped step where people see it (the chat's detail, the logs); the chat goes on. */
export async function recordIncident(
  chat: ChatModel,
  step: string,
  failure: ApplicationFailure,
  ref?: string,
): Promise<void> {
  await records.recordIncident({
    id: uuid4(),
    chatId: chat.chatId,
    step,
    reason: failure.message,
    ...(ref !== undefined ? { ref } : {}),
  });
}
