import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import type { ChannelSecrets } from './channelSecrets';
import type { ChannelRecord } from './types';

/** A JSON-object column; a bad row reads as empty (a channel with no callbackUrl fails its deliveries, no more). */
function parseObject(json: string): Record<string, unknown> {
  const value = readJsonColumn<unknown>(json, {});
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A channel with its JSON columns parsed and its credentials decrypted, or null. */
export async function loadChannel(db: Db, id: string, secrets: ChannelSecrets): Promise<ChannelRecord | null> {
  const row = await db.channel.findUnique({ where: { id } });
  if (!row) return null;
  return {
    id: row.id,
    type: row.type,
    active: row.active,
    settings: parseObject(row.settings),
    credentials: secrets.open(parseObject(row.credentials)),
  };
}

/** A channel's settings alone (no secrets), or null. */
export async function loadChannelSettings(db: Db, id: string): Promise<Record<string, unknown> | null> {
  const row = await db.channel.findUnique({ where: { id }, select: { settings: true } });
  return row ? parseObject(row.settings) : null;
}
