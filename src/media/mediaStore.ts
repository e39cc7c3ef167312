import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Largest file kept: WhatsApp's limit for documents is 100 MB, ours is what attendants may attach (docs/api.md). */
export const MAX_MEDIA_BYTES = 16 * 1024 * 1024;

export class MediaTooLargeError extends Error {
  constructor(size: number) {
    super(`file of ${size} bytes is larger than ${MAX_MEDIA_BYTES}`);
    this.name = 'MediaTooLargeError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Files of messages, content-addressed under DATA_DIR/media: the same bytes
 * are kept once, however many messages carry them, and a name is never
 * reused for other bytes. Written to a temporary name then renamed, so a
 * reader never sees half a file. Only this process's user reads them.
 */
export class MediaStore {
  constructor(private readonly dir: string) {}

  static inDataDir(dataDir: string): MediaStore {
    return new MediaStore(path.join(dataDir, 'media'));
  }

  /** Keeps the bytes; returns their sha256, the file's name. */
  async put(data: Uint8Array): Promise<string> {
    if (data.byteLength > MAX_MEDIA_BYTES) throw new MediaTooLargeError(data.byteLength);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) return sha256;
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = path.join(this.dir, `.${randomUUID()}.part`);
    await fs.promises.writeFile(temp, data, { mode: 0o600 });
    await fs.promises.rename(temp, target);
    return sha256;
  }

  has(sha256: string): boolean {
    return SHA256.test(sha256) && fs.existsSync(this.pathOf(sha256));
  }

  read(sha256: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(sha256));
  }

  stream(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(sha256));
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a sha256 file name');
    return path.join(this.dir, sha256);
  }
}
