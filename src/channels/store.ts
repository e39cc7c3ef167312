import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import type { ChannelRecord } from './types';

/** A JSON-object column; a bad row reads as empty (a channel with no callbackUrl fails its deliveries, no more). */
function parseObject(json: string): Record<string, unknown> {
  const value = readJsonColumn<unknown>(json, {});
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A channel with its JSON columns parsed, or null. */
export async function loadChannel(db: Db, id: string): Promise<ChannelRecord | null> {
  const row = await db.channel.findUnique({ where: { id } });
  if (!row) return null;
  return {
    id: row.id,
    type: row.type,
    active: row.active,
    settings: parseObject(row.settings),
    credentials: parseObject(row.credentials),
  };
}
