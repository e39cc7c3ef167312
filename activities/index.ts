import { createAssignmentActivities } from './assignment';
import { createAutomaticMessageActivities } from './automaticMessages';
import { createChatChangeActivities } from './chatChanges';
import { createChatActivities } from './chatStore';
import { createCsatActivities } from './csat';
import type { ActivityDeps } from './deps';
import { createDeliveryActivities } from './delivery';
import { createRetentionActivities } from './retention';
import { createWebhookActivities } from './webhooks';
import { CallbackTargets } from '../src/channels/api/callbackTarget';
import { WebhookSender } from '../src/webhooks/sender';
import { createSlaActivities } from './sla';

export type { ActivityDeps } from './deps';

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
    ...createAssignmentActivities(deps),
    ...createCsatActivities(deps),
    ...createRetentionActivities(deps),
    ...createAutomaticMessageActivities(deps),
    ...createWebhookActivities({
      ...deps,
      webhooks: deps.webhooks ?? {
        sender: new WebhookSender(new CallbackTargets(false)),
        retryWindowMs: 24 * 60 * 60 * 1000,
      },
    }),
    ...createSlaActivities(deps),
  };
}
