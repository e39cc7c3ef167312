import { z } from 'zod';
import { CsatSettings } from '../csat/settings';
import { InactivitySettings } from '../inactivity/settings';

/** Fields every channel type's create and update bodies share. */
export const channelName = z.string().trim().min(1).max(100);
/** The department a handed-off chat of this channel goes to when no routing rule names one. */
export const channelDepartment = z.string().trim().min(1).max(100);
/** The satisfaction survey (docs/api.md): `{ enabled, window }`, either may be left out (the defaults). */
export const channelCsat = CsatSettings;
/** Inactivity per waiting state (docs/api.md): `{ withBot, waitingCustomer }`, each `{ warnAfter, closeAfter }`. */
export const channelInactivity = InactivitySettings;
export const channelToken = z.string().trim().min(1).max(512);
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/**
 * What one channel type declares about its configuration: the create body
 * (with its `type` literal), the update body, and which fields are secrets
 * (stored apart, never returned nor logged).
 */
export interface ChannelSettingsSpec<T extends string> {
  create: z.ZodObject<{ type: z.ZodLiteral<T> } & z.ZodRawShape>;
  update: z.ZodObject<z.ZodRawShape>;
  secretFields: readonly string[];
}
