import { HttpError, notFound } from '../http/httpError';
import { loadChannel } from './store';
import type { ChannelSecrets } from './channelSecrets';
import type { MediaFetchers } from './types';
import type { MediaStore } from '../media/mediaStore';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import { logger } from '../logger';
import type { MediaFile } from '../../workflows/types';
import { MediaTooLargeError } from '../media/mediaStore';

/**
 * A message's file, in the media store. A customer's file is fetched from
 * its channel on first demand (Telegram keeps files, WhatsApp media ids live
 * 30 days), kept by hash and recorded on the message, so it is fetched once.
 */
export async function mediaOfMessage(
  db: Db,
  { media, fetchers, secrets }: { media: MediaStore; fetchers: MediaFetchers; secrets: ChannelSecrets },
  messageId: string,
): Promise<MediaFile & { sha256: string }> {
  const row = await db.message.findUnique({
    where: { id: messageId },
    select: { media: true, channelId: true, chatId: true },
  });
  const file = row?.media ? readJsonColumn<MediaFile | null>(row.media, null) : null;
  if (!row || !file) throw notFound('media');
  if (file.sha256 && media.has(file.sha256)) return { ...file, sha256: file.sha256 };

  const channel = await loadChannel(db, row.channelId, secrets);
  const fetcher = channel ? fetchers[channel.type] : undefined;
  if (!channel || !fetcher || !file.ref) throw notFound('media');
  let fetched;
  try {
    fetched = await fetcher.fetch(channel, file.ref);
  } catch (err) {
    // The chat, not the message id: an inbound one holds the channel's (a Telegram user id, a wamid).
    logger.warn({ chatId: row.chatId, err: (err as Error).message }, 'media fetch from the channel failed');
    throw new HttpError(502, 'media_unavailable', 'the channel did not hand over the file; try again later');
  }
  let sha256: string;
  try {
    sha256 = await media.put(fetched.data);
  } catch (err) {
    if (err instanceof MediaTooLargeError) throw new HttpError(413, 'media_too_large', err.message);
    throw err;
  }
  const kept: MediaFile = {
    ...file,
    sha256,
    size: fetched.data.byteLength,
    ...(file.mimeType ? {} : fetched.mimeType ? { mimeType: fetched.mimeType } : {}),
  };
  await db.message.update({ where: { id: messageId }, data: { media: JSON.stringify(kept) } });
  return { ...kept, sha256 };
}
