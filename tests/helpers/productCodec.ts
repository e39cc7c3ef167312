import { resolveKeyring } from '../../src/crypto/keyring';
import type { Db } from '../../src/db/client';
import { DataKeys } from '../../src/privacy/dataKeys';
import { EncryptionCodec } from '../../src/temporal/encryptionCodec';

/**
 * The payload codec of a deployment as its own processes build it: its keys (generated into
 * `dataDir`) and its chats' data keys (read from `db`), for a test that reads Temporal as an
 * operator holding the keys would.
 */
export function productCodec(dataDir: string, db: Db): EncryptionCodec {
  const keyring = resolveKeyring(undefined, dataDir);
  return new EncryptionCodec(keyring, new DataKeys(db, keyring));
}
