import {
  METADATA_ENCODING_KEY,
  type Payload,
  type PayloadCodec,
  type SerializationContext,
  ValueError,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { decrypt, encrypt } from '../crypto/aesGcm';
import type { Keyring } from '../crypto/keyring';
import { ownsDataKey, type DataKeys } from '../privacy/dataKeys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/** The id of the chat conversation's own data key (src/privacy/dataKeys.ts), instead of KEY_ID_METADATA. */
export const DATA_KEY_METADATA = 'encryption-data-key-id';

/** A payload whose data key is gone: its person was erased (crypto-shredding). */
export class DataKeyErasedError extends ValueError {
  constructor(keyId: string) {
    // (ValueError's `name` is fixed by the SDK: instanceof tells this one apart.)
    super(`data key ${keyId} does not exist (erased): this payload can no longer be read`);
  }
}

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
 *
 * With `dataKeys`, a chat's payloads (the SDK names the workflow in the
 * SerializationContext it passes: client calls, workflow commands, activity
 * arguments and results) are encrypted with the conversation's own data key
 * instead, whose id goes in the metadata (DATA_KEY_METADATA): decoding needs
 * no context, so the Web UI's codec endpoint reads them too, and erasing the
 * person's key leaves only ciphertext (docs/decisions/0012-crypto-shredding.md).
 * Payloads written before, under ENCRYPTION_KEYS, stay readable by their key id.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keys: Keyring,
    private readonly dataKeys: DataKeys | null = null,
  ) {}

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const workflowId = context?.workflowId;
    if (this.dataKeys && workflowId && ownsDataKey(workflowId)) {
      const { id, key } = await this.dataKeys.forWorkflow(workflowId);
      return payloads.map((payload) => sealed(payload, key, DATA_KEY_METADATA, id));
    }
    const { id, key } = this.keys.current;
    return payloads.map((payload) => sealed(payload, key, KEY_ID_METADATA, id));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
        if (!encoding || text.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
        if (!payload.data) throw new ValueError('an encrypted payload without data');
        return plainPayload(temporal.api.common.v1.Payload.decode(decrypt(await this.keyOf(payload), payload.data)));
      }),
    );
  }

  private async keyOf(payload: Payload): Promise<Buffer> {
    const dataKeyId = payload.metadata?.[DATA_KEY_METADATA];
    if (dataKeyId) {
      const id = text.decode(dataKeyId);
      if (!this.dataKeys) throw new ValueError(`payload under data key ${id}: this codec has no database to read it`);
      const key = await this.dataKeys.byKeyId(id);
      if (!key) throw new DataKeyErasedError(id);
      return key;
    }
    const keyId = payload.metadata?.[KEY_ID_METADATA];
    if (!keyId) throw new ValueError('an encrypted payload without its key id');
    return this.keys.key(text.decode(keyId));
  }
}

function sealed(payload: Payload, key: Buffer, idField: string, id: string): Payload {
  return {
    metadata: { [METADATA_ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING), [idField]: utf8.encode(id) },
    data: encrypt(key, temporal.api.common.v1.Payload.encode(payload).finish()),
  };
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
