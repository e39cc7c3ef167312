import type { ChannelRecord, FetchedMedia, MediaFetcher } from '../types';
import type { TelegramClients } from './botApi';

/** A customer's file: `getFile` gives its path, then one GET of the Bot API's file URL. */
export class TelegramMediaFetcher implements MediaFetcher {
  constructor(private readonly clients: TelegramClients) {}

  async fetch(channel: ChannelRecord, ref: string): Promise<FetchedMedia> {
    const api = this.clients.forChannel(channel);
    const file = await api.getFile(ref);
    if (!file.file_path) throw new Error('Telegram gave no file_path');
    const res = await fetch(this.clients.fileUrl(api.token, file.file_path), { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`Telegram file download answered ${res.status}`);
    }
    return { data: new Uint8Array(await res.arrayBuffer()) };
  }
}
