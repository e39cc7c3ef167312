import type { ChatGateway } from '../chats/gateway';
import type { Db } from '../db/client';
import type { ChannelSecrets } from './channelSecrets';

/** What a channel's webhook needs: its channel row and secrets, and the one gateway to the chats. */
export interface WebhookDeps {
  db: Db;
  gateway: ChatGateway;
  secrets: ChannelSecrets;
}
