import { deferHandoffNotice, greetOnce } from './automaticTexts';
import { planBotTurn } from './botTurn';
import { answerFromChat } from './protocolNotice';
import type { ChatModel } from './chatModel';
import type { intake } from './proxies';
import type { InboundMessage, Sender } from './types';

type Intake = ReturnType<typeof intake>;

/** The message as `receiveMessage` stores it. */
export function messageRecord(chat: ChatModel, message: InboundMessage) {
  const sender: Sender = message.direction === 'sent' ? 'attendant' : 'customer';
  return { chatId: chat.chatId, channelId: chat.start.channelId, sender, message };
}

/**
 * A message from the channel: stored (with the bot's reading when the bot
 * answers), then the bot's turn or the status change people will act on.
 */
export async function handleInbound(chat: ChatModel, intake: Intake, message: InboundMessage): Promise<void> {
  const fromUs = message.direction === 'sent';
  const botAnswers = !fromUs && !chat.humansHandle();
  const received = await intake.receiveMessage({ ...messageRecord(chat, message), classify: botAnswers });
  if (received.duplicate) return;

  if (fromUs) {
    return chat.answeredElsewhere();
  }
  if (!botAnswers) return chat.changeStatus(chat.state.attendantId ? 'waiting_attendant' : 'transferred', 'customer');

  // A question for the chat's protocol is answered from its state (src/bot cannot know it).
  const classification = answerFromChat(received.classification!, chat.state.protocol);
  chat.changeStatus('in_progress', 'customer');
  const turn = planBotTurn(classification, chat.state.bot);
  chat.botRead(classification.intent, classification.priority, turn.memory, classification.language);
  chat.changes.annotate({ messageId: received.messageId, sentAt: message.sentAt, ...turn.annotation });
  greetOnce(chat, classification.language);
  // A hand-off's notice may wait for the queue's answer (out of hours, the place in the queue).
  if (turn.next !== 'transferred' || !deferHandoffNotice(chat, classification.language)) chat.send('bot', turn.reply);
  chat.changeStatus(turn.next, 'bot', turn.note);
}
