import { decrypt, encrypt } from '../crypto/aesGcm';
import type { Keyring } from '../crypto/keyring';

/** `enc:v1:<key id>:<base64 of iv ‖ ciphertext ‖ tag>` */
const SEALED = /^enc:v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=]+)$/;

/**
 * Channel credentials (bot tokens, app secrets, HMAC secrets) at rest: each
 * value is sealed on its own with AES-256-GCM under the keyring's current
 * key, so the column keeps its field names (the API lists which secrets are
 * set) and a partial update seals only what changed. A value written before
 * encryption was on reads as it is until `resealAll` rewrites it.
 */
export class ChannelSecrets {
  constructor(private readonly keys: Keyring) {}

  seal(credentials: Record<string, unknown>): Record<string, string> {
    const { id, key } = this.keys.current;
    return Object.fromEntries(
      Object.entries(credentials).map(([name, value]) => [
        name,
        `enc:v1:${id}:${encrypt(key, Buffer.from(JSON.stringify(value))).toString('base64')}`,
      ]),
    );
  }

  open(credentials: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(credentials).map(([name, value]) => {
        const sealed = typeof value === 'string' ? SEALED.exec(value) : null;
        if (!sealed) return [name, value];
        const plain = decrypt(this.keys.key(sealed[1]!), Buffer.from(sealed[2]!, 'base64'));
        return [name, JSON.parse(plain.toString('utf8')) as unknown];
      }),
    );
  }

  /** Whether every value is sealed under the current key (nothing to rewrite). */
  isCurrent(credentials: Record<string, unknown>): boolean {
    return Object.values(credentials).every(
      (value) => typeof value === 'string' && SEALED.exec(value)?.[1] === this.keys.current.id,
    );
  }
}
