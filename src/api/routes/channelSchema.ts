import { z } from 'zod';
import type { ChannelType } from '../../../workflows/types';

const name = z.string().trim().min(1).max(100);
const secret = z.string().min(16, 'must be at least 16 characters').max(256);
const token = z.string().trim().min(1).max(512);
const phoneNumberId = z.string().regex(/^\d{5,30}$/, 'must be digits');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** Create bodies of docs/api.md, one per channel type. */
export const CreateChannel = z.discriminatedUnion('type', [
  z.object({ type: z.literal('api'), name, secret, callbackUrl: httpUrl }),
  z.object({
    type: z.literal('telegram'),
    name,
    botToken: token,
    secret: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 of A-Z, a-z, 0-9, "_" and "-" (Telegram\'s rule)'),
  }),
  z.object({
    type: z.literal('whatsapp'),
    name,
    phoneNumberId,
    accessToken: token,
    appSecret: token,
    verifyToken: token,
  }),
]);
export type CreateChannel = z.infer<typeof CreateChannel>;

/** Which fields of each type are secrets (stored apart, never returned). */
export const SECRET_FIELDS: Record<ChannelType, readonly string[]> = {
  api: ['secret'],
  telegram: ['botToken', 'secret'],
  whatsapp: ['accessToken', 'appSecret', 'verifyToken'],
};

/** PATCH: any field of the channel's own type, plus `active`. */
export const PATCH_SCHEMAS = {
  api: z.object({ name, secret, callbackUrl: httpUrl, active: z.boolean() }).partial().strict(),
  telegram: z.object({ name, botToken: token, secret: token, active: z.boolean() }).partial().strict(),
  whatsapp: z
    .object({
      name,
      phoneNumberId,
      accessToken: token,
      appSecret: token,
      verifyToken: token,
      active: z.boolean(),
    })
    .partial()
    .strict(),
} as const;

/** Splits a body into the row's name/active, settings and secrets. */
export function splitChannelFields(type: ChannelType, body: Record<string, unknown>) {
  const settings: Record<string, unknown> = {};
  const credentials: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'type' || key === 'name' || key === 'active') continue;
    (SECRET_FIELDS[type].includes(key) ? credentials : settings)[key] = value;
  }
  return { settings, credentials };
}
