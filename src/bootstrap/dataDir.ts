import fs from 'node:fs';
import path from 'node:path';

/**
 * DATA_DIR holds password hashes, channel secrets, keys, Temporal's chat
 * histories and customers' files: the owner alone may read it. From here on
 * this process creates files 0600 and folders 0700 (the umask is inherited by
 * the Temporal dev server it spawns, so temporal.db is born private too), and
 * whatever an older version or another tool left readable is tightened.
 */
export function secureDataDir(dir: string): void {
  process.umask(0o077);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    // The media store keeps its own files 0600; only its folder is checked here.
    if (entry.isDirectory()) fs.chmodSync(path.join(dir, entry.name), 0o700);
    else if (entry.isFile()) fs.chmodSync(path.join(dir, entry.name), 0o600);
  }
}
