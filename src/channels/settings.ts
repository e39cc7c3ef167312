import { z } from 'zod';
import type { ChannelType } from '../../workflows/types';
import type { ChannelSettingsSpec } from './common';
import { CHANNELS } from './registry';

/** Each channel type's configuration, from the registry. */
export const CHANNEL_SETTINGS = Object.fromEntries(
  Object.entries(CHANNELS).map(([type, kind]) => [type, kind.settings]),
) as { [T in ChannelType]: (typeof CHANNELS)[T]['settings'] & ChannelSettingsSpec<T> };

type CreateBody = (typeof CHANNELS)[ChannelType]['settings']['create'];

/** Create bodies of docs/api.md, one per channel type. */
export const CreateChannel = z.discriminatedUnion(
  'type',
  Object.values(CHANNELS).map((kind) => kind.settings.create) as [CreateBody, ...CreateBody[]],
);
export type CreateChannel = z.infer<typeof CreateChannel>;

/** Splits a body into the row's name/active, settings and secrets. */
export function splitChannelFields(type: ChannelType, body: Record<string, unknown>) {
  const settings: Record<string, unknown> = {};
  const credentials: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'type' || key === 'name' || key === 'active') continue;
    (CHANNEL_SETTINGS[type].secretFields.includes(key) ? credentials : settings)[key] = value;
  }
  return { settings, credentials };
}
