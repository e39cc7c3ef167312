import type { MediaFile } from '../../workflows/types';
import { HttpError } from '../http/httpError';
import type { AttachmentBody } from './attachmentBody';
import { MAX_MEDIA_BYTES, type MediaStore } from './mediaStore';

/** Decodes an attendant's attachment and keeps it in the media store; the chat then names it by hash. */
export async function keepAttachment(media: MediaStore, body: AttachmentBody): Promise<MediaFile> {
  const data = Buffer.from(body.dataBase64, 'base64');
  if (data.byteLength > MAX_MEDIA_BYTES) {
    throw new HttpError(413, 'attachment_too_large', `attachment is larger than ${MAX_MEDIA_BYTES} bytes`);
  }
  const sha256 = await media.put(data);
  return { sha256, mimeType: body.mimeType, filename: body.filename, size: data.byteLength };
}
