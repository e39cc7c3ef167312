import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { decrypt, encrypt } from '../crypto/aesGcm';
import type { Keyring } from '../crypto/keyring';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const utf8 = new TextEncoder();
const text = new TextDecoder();

/**
 * The Temporal payload codec: every payload the client and worker send
 * (workflow inputs, signals, activity arguments and results, memos) leaves
 * this process as AES-256-GCM ciphertext of the whole original payload, with
 * the key's id in its metadata. Histories on the server then hold no contact
 * names, phones or message text; search attributes are not payloads and stay
 * readable (they hold no PII). Payloads written before encryption was on, or
 * by another codec, pass through decode unchanged. As in Temporal's
 * encryption sample.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: Keyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys.current;
    return payloads.map((payload) => ({
      metadata: { [METADATA_ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8.encode(id) },
      data: encrypt(key, temporal.api.common.v1.Payload.encode(payload).finish()),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || text.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = payload.metadata?.[KEY_ID_METADATA];
      if (!keyId) throw new ValueError('an encrypted payload without its key id');
      if (!payload.data) throw new ValueError('an encrypted payload without data');
      return plainPayload(
        temporal.api.common.v1.Payload.decode(decrypt(this.keys.key(text.decode(keyId)), payload.data)),
      );
    });
  }
}

/**
 * A decoded protobuf message as the Payload every caller expects. protobufjs
 * leaves an absent field at its prototype's default, and the default of
 * `bytes` is a plain empty Array, not a Uint8Array: a payload recorded with
 * no data (the SDK's `binary/null`, e.g. a local activity that returns
 * nothing) would come out with `data: []`. Absent data stays absent here.
 */
function plainPayload(decoded: temporal.api.common.v1.Payload): Payload {
  const bytes = (value: ArrayLike<number>) => (value instanceof Uint8Array ? value : Uint8Array.from(value));
  const metadata = Object.fromEntries(Object.entries(decoded.metadata ?? {}).map(([k, v]) => [k, bytes(v)]));
  return decoded.data && decoded.data.length > 0 ? { metadata, data: bytes(decoded.data) } : { metadata };
}
