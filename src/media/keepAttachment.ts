import type { Db } from '../db/client';
import { logger } from '../logger';
import type { MediaFile } from '../../workflows/types';
import { HttpError } from '../http/httpError';
import type { AttachmentBody } from './attachmentBody';
import { MAX_MEDIA_BYTES, type MediaStore } from './mediaStore';
import { messageNames } from './orphans';

/**
 * An attendant's file, kept for one command. It is written before the
 * command goes to the chat's workflow, so the workflow only ever names a
 * file that exists, and held until the command is answered. A command the
 * workflow refuses takes its file back; files are shared by hash, so only
 * one this command wrote, that no stored message names and no other command
 * of this process holds. What is left over any other way (an answer lost
 * with Temporal, a crash) goes with the sweep of orphans (./orphans.ts).
 */
export class KeptAttachment {
  private held = true;

  private constructor(
    private readonly media: MediaStore,
    readonly file: MediaFile & { sha256: string },
    private readonly data: Buffer,
    private readonly created: boolean,
  ) {}

  /** Decodes the attachment and keeps it in the media store (413 over MAX_MEDIA_BYTES). */
  static async keep(media: MediaStore, body: AttachmentBody): Promise<KeptAttachment> {
    const data = Buffer.from(body.dataBase64, 'base64');
    if (data.byteLength > MAX_MEDIA_BYTES) {
      throw new HttpError(413, 'attachment_too_large', `attachment is larger than ${MAX_MEDIA_BYTES} bytes`);
    }
    const { sha256, created } = await media.keep(data);
    media.hold(sha256);
    const file = { sha256, mimeType: body.mimeType, filename: body.filename, size: data.byteLength };
    return new KeptAttachment(media, file, data, created);
  }

  /** The workflow took the command: the file must be there (a refusal of the same bytes may just have removed it). */
  async accepted(): Promise<void> {
    try {
      if (!this.media.has(this.file.sha256)) await this.media.put(this.data);
    } catch (err) {
      // The reply is taken: answering an error would only invite a second one. Its delivery will say.
      logger.error({ sha256: this.file.sha256, err: (err as Error).message }, 'could not keep an accepted attachment');
    }
  }

  /** The workflow refused the command: removes the file if this command wrote it and nothing else names it. */
  async refused(db: Db): Promise<void> {
    this.release();
    if (!this.created || this.media.held(this.file.sha256)) return;
    try {
      if (!(await messageNames(db, this.file.sha256))) await this.media.remove(this.file.sha256);
    } catch (err) {
      // The refusal is the answer; the sweep removes the file later.
      logger.warn({ sha256: this.file.sha256, err: (err as Error).message }, 'could not remove a refused attachment');
    }
  }

  /** The command is answered: the file is no longer this command's to protect. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.media.release(this.file.sha256);
  }
}
