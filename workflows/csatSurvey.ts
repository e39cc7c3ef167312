import { condition } from '@temporalio/workflow';
import type { ChatModel } from './chatModel';
import { commandRejected } from './commandRules';
import type { Outbox } from './outbox';
import { records } from './proxies';
import { writeStep } from './stepWriter';
import type { Work } from './workQueue';
import { COMMAND_ERRORS, type CsatStep, type InboundMessage } from './types';

/** The patch that brought the satisfaction survey: chats resolved on older code end as they did. */
export const CSAT_PATCH = 'csat-survey';

/** A rating answer: "1" to "5" alone (a button's or a list's reply carries the digit as its text). */
export function ratingOf(content: string): number | null {
  const m = /^\s*([1-5])\s*$/.exec(content);
  return m ? Number(m[1]) : null;
}

export interface SurveyChat {
  chat: ChatModel;
  /** The chat's work queue: the survey takes the answers from its head and leaves the rest. */
  queue: Work[];
  outbox: Outbox;
  /** Stores a message in this chat without the bot's reading. */
  recordOnly(message: InboundMessage): Promise<unknown>;
}

/**
 * The satisfaction survey, run by a chat's workflow once the chat is
 * resolved (docs/api.md, "Satisfaction survey"): the rating question, then
 * one optional comment question, then thanks. It lasts the channel's
 * `csat.window` at most (a workflow timer): a rating after that reaches no
 * survey and is handled as any message after resolve (it opens a new chat).
 *
 * While it waits, the customer's answer is the head of the chat's queue:
 * a rating "1"–"5" is stored and the comment asked; anything else ends the
 * survey and is left in the queue, where `ChatSession.finish` hands it to
 * the next chat, as a message after resolve always was. At the comment
 * question, any message is the comment. A close ends the survey; commands
 * are refused (the chat is resolved).
 */
export async function runCsatSurvey({ chat, queue, outbox, recordOnly }: SurveyChat): Promise<void> {
  const plan = await records.csatPlan({
    chatId: chat.chatId,
    channelId: chat.start.channelId,
    language: chat.state.language ?? 'pt',
  });
  if (!plan.ask) return;
  const ask = async (text: string, step: CsatStep) => {
    chat.send('system', text, undefined, { csat: step });
    await writeStep(chat, outbox);
  };
  await ask(plan.texts.csatQuestion, 'rating');
  const closesAt = Date.now() + plan.windowMs;
  let step: 'rating' | 'comment' = 'rating';
  for (;;) {
    const left = closesAt - Date.now();
    if (left <= 0 || !(await condition(() => queue.length > 0, left))) return; // the window closed
    const item = queue[0]!;
    if (item.kind === 'close') return;
    if (item.kind === 'command') {
      queue.shift();
      item.error = commandRejected(COMMAND_ERRORS.chatClosed, `chat is ${chat.status}`);
      item.done = true;
      continue;
    }
    if (item.kind !== 'inbound') {
      queue.shift(); // the queue's and the inactivity's timers have nothing to do with a resolved chat
      continue;
    }
    const { message } = item;
    if (message.direction === 'sent') {
      queue.shift();
      await recordOnly(message);
      continue;
    }
    if (step === 'rating') {
      const rating = ratingOf(message.content);
      if (rating === null) return; // not an answer: the next chat takes it (ChatSession.finish)
      queue.shift();
      await recordOnly(message);
      await records.recordCsat({ chatId: chat.chatId, rating });
      await ask(plan.texts.csatComment, 'comment');
      step = 'comment';
      continue;
    }
    queue.shift();
    await recordOnly(message);
    await records.recordCsat({ chatId: chat.chatId, feedback: message.content });
    await ask(plan.texts.csatThanks, 'thanks');
    return;
  }
}
