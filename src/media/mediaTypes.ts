import type { MessageType } from '../../workflows/types';

/** The message type a file makes, by its MIME type: what channels send it as. */
export function mediaTypeOf(
  mimeType: string | undefined,
): Extract<MessageType, 'image' | 'audio' | 'video' | 'document'> {
  const major = mimeType?.split('/')[0];
  if (major === 'image' || major === 'audio' || major === 'video') return major;
  return 'document';
}
