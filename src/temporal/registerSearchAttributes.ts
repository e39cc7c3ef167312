import { status } from '@grpc/grpc-js';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CHAT_SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';

const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

/**
 * Registers the chat search attributes in `namespace` unless they exist.
 * Works on the dev server, a cluster and the time-skipping test server.
 */
export async function registerSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
): Promise<string[]> {
  const existing = await connection.operatorService
    .listSearchAttributes({ namespace })
    // The time-skipping test server can add search attributes but not list them.
    .catch((err: { code?: number }) => {
      if (err.code === status.UNIMPLEMENTED) return { customAttributes: {} };
      throw err;
    });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = CHAT_SEARCH_ATTRIBUTES.map((k) => k.name).filter((name) => !known.has(name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((name) => [name, KEYWORD])),
  });
  return missing;
}
