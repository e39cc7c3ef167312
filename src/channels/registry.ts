import type { ChannelType } from '../../workflows/types';
import { apiChannel } from './api/channel';
import type { ChannelKind } from './channelKind';
import { telegramChannel } from './telegram/channel';
import { whatsappChannel } from './whatsapp/channel';

/** Every channel type, by `ChannelType`: adding a channel is its folder and one line here. */
export const CHANNELS = {
  api: apiChannel,
  telegram: telegramChannel,
  whatsapp: whatsappChannel,
} satisfies { [T in ChannelType]: ChannelKind<T> };

export const CHANNEL_TYPES = Object.keys(CHANNELS) as ChannelType[];

/** Each channel type's entry, by a stored type name (null for a type this version does not know). */
export function channelKindOf(type: string): (typeof CHANNELS)[ChannelType] | null {
  return (CHANNEL_TYPES as string[]).includes(type) ? CHANNELS[type as ChannelType] : null;
}
