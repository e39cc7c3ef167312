import type { ChannelKind } from '../channelKind';
import { CallbackTargets } from './callbackTarget';
import { ApiChannelSender } from './sender';
import { apiChannelSettings } from './settings';
import { apiChannelWebhook } from './webhook';

/** The generic HTTP channel: signed webhooks in, signed callbacks out; files travel inline. */
export const apiChannel = {
  settings: apiChannelSettings,
  webhook: apiChannelWebhook,
  sender: (env, media) => new ApiChannelSender(media, new CallbackTargets(env.allowPrivateCallbacks)),
} satisfies ChannelKind<'api'>;
