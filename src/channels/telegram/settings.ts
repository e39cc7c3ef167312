import { z } from 'zod';
import { channelDepartment, channelName, channelToken, type ChannelSettingsSpec } from '../common';

const secret = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 of A-Z, a-z, 0-9, "_" and "-" (Telegram\'s rule)');

/** A Telegram bot: its BotFather token and the secret Telegram echoes in webhook calls. */
export const telegramSettings = {
  create: z.object({
    type: z.literal('telegram'),
    name: channelName,
    botToken: channelToken,
    secret,
    department: channelDepartment.optional(),
  }),
  update: z
    .object({ name: channelName, botToken: channelToken, secret, department: channelDepartment, active: z.boolean() })
    .partial()
    .strict(),
  secretFields: ['botToken', 'secret'],
} satisfies ChannelSettingsSpec<'telegram'>;
