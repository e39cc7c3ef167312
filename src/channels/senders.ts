import type { MediaStore } from '../media/mediaStore';
import { CHANNELS } from './registry';
import type { ChannelEnvironment, ChannelSenders, MediaFetchers } from './types';

export type { ChannelSenders, MediaFetchers } from './types';

/** Each registered channel type's sender (the worker's side of a channel). */
export function defaultChannelSenders(env: ChannelEnvironment, media: MediaStore): ChannelSenders {
  return Object.fromEntries(Object.entries(CHANNELS).map(([type, kind]) => [type, kind.sender(env, media)]));
}

/** Each registered channel type's file fetcher, for the types whose files stay with the provider. */
export function defaultMediaFetchers(env: ChannelEnvironment): MediaFetchers {
  return Object.fromEntries(
    Object.entries(CHANNELS).flatMap(([type, kind]) =>
      'mediaFetcher' in kind ? [[type, kind.mediaFetcher(env)] as const] : [],
    ),
  );
}
