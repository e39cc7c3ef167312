import type { Bot } from '../src/bot/bot';
import type { ChannelSenders } from '../src/channels/registry';
import type { Db } from '../src/db';
import { createChatChangeActivities } from './chatChanges';
import { createChatActivities } from './chatStore';
import { createDeliveryActivities } from './delivery';

export interface ActivityDeps {
  db: Db;
  bot: Bot;
  senders: ChannelSenders;
}

/** Every activity the chat workflow calls, bound to their dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createChatActivities(deps),
    ...createChatChangeActivities(deps),
    /**
     * The bot's reading of a customer message (v1 chats). `receivedAt` anchors
     * "hoje" and "amanhã"; histories recorded before it existed fall back to now.
     */
    async classifyMessage(input: { text: string; receivedAt?: string }) {
      return deps.bot.analyse(input.text, input.receivedAt ?? new Date());
    },
    ...createDeliveryActivities(deps),
  };
}
