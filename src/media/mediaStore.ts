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
 *
 * A file's modification time is when it was last kept (written, or kept
 * again for new bytes that were already there): the sweep of orphans
 * (src/media/orphans.ts) removes only files that old, and never one that a
 * command of this process holds.
 */
export class MediaStore {
  /** Files commands of this process are using (kept, the command not yet answered), with how many. */
  private readonly holds = new Map<string, number>();

  constructor(private readonly dir: string) {}

  static inDataDir(dataDir: string): MediaStore {
    return new MediaStore(path.join(dataDir, 'media'));
  }

  /** Keeps the bytes; returns their sha256, the file's name. */
  async put(data: Uint8Array): Promise<string> {
    return (await this.keep(data)).sha256;
  }

  /** Keeps the bytes: `created` when this call wrote the file, else the file already there is touched. */
  async keep(data: Uint8Array): Promise<{ sha256: string; created: boolean }> {
    if (data.byteLength > MAX_MEDIA_BYTES) throw new MediaTooLargeError(data.byteLength);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const target = this.pathOf(sha256);
    // Fresh again, so the sweep leaves it to whoever keeps it now; gone (swept meanwhile): written anew.
    if (await touch(target)) return { sha256, created: false };
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = path.join(this.dir, `.${randomUUID()}.part`);
    await fs.promises.writeFile(temp, data, { mode: 0o600 });
    await fs.promises.rename(temp, target);
    return { sha256, created: true };
  }

  has(sha256: string): boolean {
    return SHA256.test(sha256) && fs.existsSync(this.pathOf(sha256));
  }

  /** When the file was last kept (ms since the epoch); null when there is no such file. */
  async keptAt(sha256: string): Promise<number | null> {
    if (!SHA256.test(sha256)) return null;
    const stat = await fs.promises.stat(this.pathOf(sha256)).catch(() => null);
    return stat?.isFile() ? stat.mtimeMs : null;
  }

  read(sha256: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(sha256));
  }

  stream(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(sha256));
  }

  /** Removes a file; one already gone is no error. Whoever calls it knows nothing names it. */
  async remove(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
  }

  /** A command of this process uses the file until `release`: neither the sweep nor another command's refusal removes it. */
  hold(sha256: string): void {
    this.holds.set(sha256, (this.holds.get(sha256) ?? 0) + 1);
  }

  release(sha256: string): void {
    const left = (this.holds.get(sha256) ?? 0) - 1;
    if (left > 0) this.holds.set(sha256, left);
    else this.holds.delete(sha256);
  }

  held(sha256: string): boolean {
    return this.holds.has(sha256);
  }

  /**
   * Removes files last kept before `cutoff` (ms since the epoch) that
   * `named` (asked only when there are such files) does not name and no
   * command of this process holds, and temporary files a crash left as old.
   * Returns what it removed.
   *
   * A file is first moved aside, then looked at again: kept anew meanwhile
   * (its time moved on), it is put back (the same bytes, so even over a new
   * copy); one kept after the move finds its name free and is written anew.
   */
  async sweep(cutoff: number, named: () => Promise<Set<string>>): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const removed: string[] = [];
    const old: string[] = [];
    for (const name of names) {
      const stat = await fs.promises.lstat(path.join(this.dir, name)).catch(() => null);
      if (!stat?.isFile() || stat.mtimeMs >= cutoff) continue;
      if (SHA256.test(name)) old.push(name);
      else if (name.startsWith('.')) {
        // A write or a sweep that a crash interrupted.
        await fs.promises.rm(path.join(this.dir, name), { force: true });
        removed.push(name);
      }
    }
    if (old.length === 0) return removed;
    const keep = await named();
    for (const name of old) {
      if (keep.has(name) || this.held(name)) continue;
      const target = this.pathOf(name);
      const aside = path.join(this.dir, `.${randomUUID()}.swept`);
      try {
        await fs.promises.rename(target, aside);
      } catch {
        continue;
      }
      const { mtimeMs } = await fs.promises.stat(aside);
      if (mtimeMs >= cutoff || this.held(name)) {
        await fs.promises.rename(aside, target);
        continue;
      }
      await fs.promises.rm(aside, { force: true });
      removed.push(name);
    }
    return removed;
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a sha256 file name');
    return path.join(this.dir, sha256);
  }
}

/** Sets a file's times to now; false when it does not exist. */
async function touch(file: string): Promise<boolean> {
  const now = new Date();
  try {
    await fs.promises.utimes(file, now, now);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
