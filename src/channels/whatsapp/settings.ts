import { z } from 'zod';
import {
  channelCsat,
  channelInactivity,
  channelDepartment,
  channelName,
  channelToken,
  type ChannelSettingsSpec,
} from '../common';

const phoneNumberId = z.string().regex(/^\d{5,30}$/, 'must be digits');
/** The WhatsApp Business Account the number belongs to: its message templates are listed under it. */
const wabaId = z.string().regex(/^\d{5,30}$/, 'must be digits (the WhatsApp Business Account id)');

/** A WhatsApp Cloud API number: its id, its business account's id (templates), the Graph API token, the app secret and the webhook verify token. */
export const whatsappSettings = {
  create: z.object({
    type: z.literal('whatsapp'),
    name: channelName,
    phoneNumberId,
    wabaId: wabaId.optional(),
    accessToken: channelToken,
    appSecret: channelToken,
    verifyToken: channelToken,
    department: channelDepartment.optional(),
    csat: channelCsat.optional(),
    inactivity: channelInactivity.optional(),
  }),
  update: z
    .object({
      name: channelName,
      phoneNumberId,
      wabaId,
      accessToken: channelToken,
      appSecret: channelToken,
      verifyToken: channelToken,
      department: channelDepartment,
      csat: channelCsat,
      inactivity: channelInactivity,
      active: z.boolean(),
    })
    .partial()
    .strict(),
  secretFields: ['accessToken', 'appSecret', 'verifyToken'],
} satisfies ChannelSettingsSpec<'whatsapp'>;
