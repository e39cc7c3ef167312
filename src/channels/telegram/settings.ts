import { z } from 'zod';
import { channelCsat, channelInactivity, channelDepartment, channelName, type ChannelSettingsSpec } from '../common';

const secret = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 of A-Z, a-z, 0-9, "_" and "-" (Telegram\'s rule)');
/** BotFather's form: the bot's numeric id, a colon, then the key. */
const botToken = z
  .string()
  .trim()
  .regex(
    /^\d{3,20}:[A-Za-z0-9_-]{30,100}$/,
    'must be a BotFather token such as "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"',
  );
/** `webhook`: Telegram calls us (needs PUBLIC_URL); `polling`: we ask Telegram (a laptop with no public address). */
export const TELEGRAM_MODES = ['webhook', 'polling'] as const;
const mode = z.enum(TELEGRAM_MODES);

/** A Telegram bot: its BotFather token and the secret Telegram echoes in webhook calls. */
export const telegramSettings = {
  create: z.object({
    type: z.literal('telegram'),
    name: channelName,
    botToken,
    secret,
    mode: mode.default('webhook'),
    department: channelDepartment.optional(),
    csat: channelCsat.optional(),
    inactivity: channelInactivity.optional(),
  }),
  update: z
    .object({
      name: channelName,
      botToken,
      secret,
      mode,
      department: channelDepartment,
      csat: channelCsat,
      inactivity: channelInactivity,
      active: z.boolean(),
    })
    .partial()
    .strict(),
  secretFields: ['botToken', 'secret'],
} satisfies ChannelSettingsSpec<'telegram'>;
