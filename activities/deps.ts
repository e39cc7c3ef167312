import type { Bot } from '../src/bot/bot';
import type { ChannelSecrets } from '../src/channels/channelSecrets';
import type { ChannelSenders } from '../src/channels/types';
import type { Db } from '../src/db/client';
import type { AssignmentNotifier } from '../src/assignment/dispatcher';
import type { MediaStore } from '../src/media/mediaStore';
import type { WebhookDeliveryOptions } from './webhooks';

/** What the activities are built from; tests pass their own (a real database, a real bot). */
export interface ActivityDeps {
  db: Db;
  bot: Bot;
  senders: ChannelSenders;
  /** Decrypts channel credentials for the senders. */
  secrets: ChannelSecrets;
  /** Tells a chat's workflow the queue gave it a seat (a Temporal signal in the worker). */
  notifyAssigned: AssignmentNotifier;
  /** The company's time zone (BOT_TIMEZONE): the day of a chat's protocol number. */
  timeZone?: string;
  /** DATA_DIR/media: the files retention removes (workers have it; without it, a run that meets a file fails). */
  media?: MediaStore;
  /** Event webhooks' sender and retry window; default: public addresses only, 24 hours. */
  webhooks?: WebhookDeliveryOptions;
}

/** When no zone is given (tests, tools): BOT_TIMEZONE's default. */
export const PROTOCOL_TIME_ZONE = 'America/Sao_Paulo';
