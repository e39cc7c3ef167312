import type { Classifier } from '../src/bot/classifier';
import type { ChannelSenders } from '../src/channels/registry';
import type { Db } from '../src/db';
import { createChatActivities } from './chatStore';
import { createDeliveryActivities } from './delivery';

export interface ActivityDeps {
  db: Db;
  classifier: Classifier;
  senders: ChannelSenders;
}

/** Every activity the chat workflow calls, bound to their dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createChatActivities(deps),
    async classifyMessage(input: { text: string }) {
      return deps.classifier.classify(input.text);
    },
    ...createDeliveryActivities(deps),
  };
}
