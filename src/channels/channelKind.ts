import type Router from '@koa/router';
import type { ChannelType } from '../../workflows/types';
import type { MediaStore } from '../media/mediaStore';
import type { ChannelSettingsSpec } from './common';
import type { ChannelEnvironment, ChannelSender, MediaFetcher } from './types';
import type { WebhookDeps } from './webhookDeps';

/**
 * Everything Atende knows of one channel type, from its own folder
 * (`src/channels/<type>/channel.ts`), listed once in `CHANNELS`
 * (src/channels/registry.ts): a new channel type is one folder and one line.
 */
export interface ChannelKind<T extends ChannelType> {
  /** Its create and update bodies, and which fields are secrets. */
  settings: ChannelSettingsSpec<T>;
  /** The routes its provider calls (they read their own raw bodies). */
  webhook(deps: WebhookDeps): Router;
  /** The worker's side: sends a message out through it. */
  sender(env: ChannelEnvironment, media: MediaStore): ChannelSender;
  /** The API's side: fetches a customer's file from it, for types whose files stay with the provider. */
  mediaFetcher?(env: ChannelEnvironment): MediaFetcher;
}
