import { createHmac } from 'node:crypto';
import { deriveSubkey, type Keyring } from '../crypto/keyring';
import { legacyChatWorkflowId } from '../../workflows/ids';

const PURPOSE = 'chat-workflow-id/v1';
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lowercase, no padding. */
function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/**
 * The workflow ids of chats: `chat-<channelId>-<key>`, where the key is an
 * HMAC-SHA256 (160 bits, base32) of the conversation's external id under a
 * subkey of the deployment's first encryption key (ENCRYPTION_KEYS). The same
 * conversation always maps to the same id in every process, which is what
 * keeps one open chat per conversation; the id tells nothing of the phone
 * number or user id behind it (the Web UI, Temporal's database and every
 * worker log line show it).
 *
 * Computed outside workflow code (the gateway): a chat reads its own id from
 * `workflowInfo()`.
 */
export class ChatWorkflowIds {
  /** One subkey per encryption key, the current one first. */
  private readonly subkeys: Buffer[];

  constructor(keyring: Keyring) {
    this.subkeys = keyring.keys.map((key) => deriveSubkey(key, PURPOSE));
  }

  /** The id a new chat of the conversation starts under. */
  of(channelId: string, externalChatId: string): string {
    return idUnder(this.subkeys[0]!, channelId, externalChatId);
  }

  /**
   * Ids an open chat of the conversation may have been started under before:
   * under the older keys still listed (a rotation puts a new key first), and
   * the conversation's id in clear (chats opened before ids were opaque).
   */
  earlier(channelId: string, externalChatId: string): string[] {
    return [
      ...this.subkeys.slice(1).map((subkey) => idUnder(subkey, channelId, externalChatId)),
      legacyChatWorkflowId(channelId, externalChatId),
    ];
  }
}

function idUnder(subkey: Buffer, channelId: string, externalChatId: string): string {
  const mac = createHmac('sha256', subkey).update(channelId).update('\0').update(externalChatId).digest();
  return `chat-${channelId}-${base32(mac.subarray(0, 20))}`;
}
