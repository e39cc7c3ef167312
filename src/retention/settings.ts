import { z } from 'zod';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';

/** Days something is kept, 1 to 100 years' worth; null keeps it forever. */
const Days = z.number().int().min(1).max(36_500).nullable();

/** A channel's own rules; a field left out follows the default, null keeps that channel's content forever. */
const ChannelOverride = z.object({ closedChatsDays: Days.optional(), mediaDays: Days.optional() }).strict();

/** `PUT /api/v1/retention`'s body and the stored setting (docs/api.md, "Retention"). */
export const RetentionSettingsBody = z
  .object({
    closedChatsDays: Days.default(null),
    mediaDays: Days.default(null),
    auditDays: Days.default(null),
    channels: z.record(z.string().min(1).max(100), ChannelOverride).default({}),
  })
  .strict();

export type RetentionSettings = z.infer<typeof RetentionSettingsBody>;

/** Nothing is ever removed until an admin says so. */
export const KEEP_FOREVER: RetentionSettings = {
  closedChatsDays: null,
  mediaDays: null,
  auditDays: null,
  channels: {},
};

const KEY = 'retention';

/** The settings as set (keep everything when never set or unreadable). */
export async function loadRetentionSettings(db: Pick<Db, 'setting'>): Promise<RetentionSettings> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return KEEP_FOREVER;
  const parsed = RetentionSettingsBody.safeParse(readJsonColumn<unknown>(row.value, null));
  return parsed.success ? parsed.data : KEEP_FOREVER;
}

export async function saveRetentionSettings(db: Pick<Db, 'setting'>, settings: RetentionSettings): Promise<void> {
  const value = JSON.stringify(settings);
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}
