import type { ChatGateway } from '../chats/gateway';
import type { Db } from '../db/client';
import type { ChannelSecrets } from './channelSecrets';
import type { InboundInbox } from './inbox/inboundInbox';

/** What a channel's webhook needs: its channel row and secrets, and the one gateway to the chats. */
export interface WebhookDeps {
  db: Db;
  gateway: ChatGateway;
  secrets: ChannelSecrets;
  /** Where large batches wait to be applied after the provider's answer; without it every payload is applied first. */
  inbox?: InboundInbox;
}
