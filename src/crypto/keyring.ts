import { hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** One AES-256 key and the id written beside everything it encrypts. */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * The keys that encrypt channel secrets and Temporal payloads. The first
 * encrypts; every key decrypts what carries its id, so a key is rotated by
 * putting a new one first and keeping the old ones listed until nothing
 * written with them is left.
 */
export class Keyring {
  private readonly byId: Map<string, Buffer>;

  constructor(readonly keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new Error('a keyring needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    if (this.byId.size !== keys.length) throw new Error('key ids must be unique');
  }

  get current(): EncryptionKey {
    return this.keys[0]!;
  }

  key(id: string): Buffer {
    const key = this.byId.get(id);
    if (!key) throw new Error(`no encryption key with id "${id}" (is ENCRYPTION_KEYS missing an old key?)`);
    return key;
  }
}

/**
 * A key for another use than encryption (`purpose` names it), derived from an
 * encryption key with HKDF-SHA256, so the encryption key itself is never used
 * for anything else and one purpose's key tells nothing of another's.
 */
export function deriveSubkey(key: EncryptionKey, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key.key, Buffer.alloc(0), `atende:${purpose}`, 32));
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** "id:base64,id:base64" (ENCRYPTION_KEYS, or the generated file's lines): why it is wrong, or the keys. */
export function parseKeys(text: string): EncryptionKey[] | string {
  const keys: EncryptionKey[] = [];
  for (const entry of text
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [id, encoded, extra] = entry.split(':');
    if (!id || !KEY_ID.test(id) || encoded === undefined || extra !== undefined) {
      return 'each key must be "id:base64" with an id of letters, digits, "_" or "-"';
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) return `key "${id}" must be 32 bytes, base64 (openssl rand -base64 32)`;
    keys.push({ id, key });
  }
  if (keys.length === 0) return 'at least one key is required';
  if (new Set(keys.map((k) => k.id)).size !== keys.length) return 'key ids must be unique';
  return keys;
}

/**
 * ENCRYPTION_KEYS when set (required in production: every process must hold
 * the same keys), else a key generated once into DATA_DIR/encryption-keys
 * (0600), as the JWT secret is.
 */
export function resolveKeyring(configured: EncryptionKey[] | undefined, dataDir: string): Keyring {
  if (configured) return new Keyring(configured);
  const file = path.join(dataDir, 'encryption-keys');
  const read = () => {
    const keys = parseKeys(fs.readFileSync(file, 'utf8'));
    if (typeof keys === 'string') throw new Error(`${file}: ${keys}`);
    return new Keyring(keys);
  };
  if (fs.existsSync(file)) return read();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails if another process created it first; then read theirs.
    fs.writeFileSync(file, `local-1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return read();
}
