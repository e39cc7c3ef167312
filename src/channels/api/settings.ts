import { z } from 'zod';
import {
  channelCsat,
  channelInactivity,
  channelDepartment,
  channelName,
  httpUrl,
  type ChannelSettingsSpec,
} from '../common';

const secret = z.string().min(16, 'must be at least 16 characters').max(256);

/** The generic HTTP channel: an HMAC secret both ways and the URL our messages are posted to. */
export const apiChannelSettings = {
  create: z.object({
    type: z.literal('api'),
    name: channelName,
    secret,
    callbackUrl: httpUrl,
    department: channelDepartment.optional(),
    csat: channelCsat.optional(),
    inactivity: channelInactivity.optional(),
  }),
  update: z
    .object({
      name: channelName,
      secret,
      callbackUrl: httpUrl,
      department: channelDepartment,
      csat: channelCsat,
      inactivity: channelInactivity,
      active: z.boolean(),
    })
    .partial()
    .strict(),
  secretFields: ['secret'],
} satisfies ChannelSettingsSpec<'api'>;
