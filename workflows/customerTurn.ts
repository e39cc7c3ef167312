import { planBotTurn } from './botTurn';
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

  const classification = received.classification!;
  chat.changeStatus('in_progress', 'customer');
  const turn = planBotTurn(classification, chat.state.bot);
  chat.botRead(classification.intent, classification.priority, turn.memory);
  chat.changes.annotate({ messageId: received.messageId, sentAt: message.sentAt, ...turn.annotation });
  chat.send('bot', turn.reply);
  chat.changeStatus(turn.next, 'bot', turn.note);
}
