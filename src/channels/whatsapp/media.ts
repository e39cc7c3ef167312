import type { ChannelRecord, FetchedMedia, MediaFetcher } from '../types';
import type { WhatsAppGraph } from './graphApi';
import { whatsappCredentials } from './sender';

/** A customer's file: `GET /<media id>` gives a short-lived URL, downloaded with the same token. */
export class WhatsAppMediaFetcher implements MediaFetcher {
  constructor(private readonly graph: WhatsAppGraph) {}

  async fetch(channel: ChannelRecord, ref: string): Promise<FetchedMedia> {
    const { accessToken } = whatsappCredentials(channel);
    const info = await this.graph.getJson<{ url?: string; mime_type?: string }>(accessToken, encodeURIComponent(ref));
    if (!info.url) throw new Error('WhatsApp gave no media url');
    return { data: await this.graph.download(accessToken, info.url), mimeType: info.mime_type };
  }
}
