import { z } from 'zod';
import type { ChannelType } from '../../workflows/types';
import { apiChannelSettings } from './api/settings';
import type { ChannelSettingsSpec } from './common';
import { telegramSettings } from './telegram/settings';
import { whatsappSettings } from './whatsapp/settings';

/** Each channel type's configuration: a new channel type adds one line here. */
export const CHANNEL_SETTINGS: { [T in ChannelType]: ChannelSettingsSpec<T> } = {
  api: apiChannelSettings,
  telegram: telegramSettings,
  whatsapp: whatsappSettings,
};

/** Create bodies of docs/api.md, one per channel type. */
export const CreateChannel = z.discriminatedUnion('type', [
  apiChannelSettings.create,
  telegramSettings.create,
  whatsappSettings.create,
]);
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
