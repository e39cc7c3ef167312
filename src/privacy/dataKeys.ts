import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client';
import { decrypt, encrypt } from '../crypto/aesGcm';
import type { Keyring } from '../crypto/keyring';

/** A chat conversation's data key: its id (in each payload's metadata) and the 32 bytes. */
export interface DataKey {
  id: string;
  key: Buffer;
}

/** The payloads of these workflows get a data key of their own: the chats (src/chats/workflowIds.ts). */
export function ownsDataKey(workflowId: string): boolean {
  return workflowId.startsWith('chat-');
}

/** How long this process trusts that a conversation's key still exists before it asks the database again. */
export const BINDING_TTL_MS = 60_000;
/** Unwrapped keys kept in memory (per process). */
export const MAX_CACHED_KEYS = 10_000;

/**
 * The data keys of chat conversations (docs/decisions/0012-crypto-shredding.md):
 * one random AES-256 key per chat workflow id (a conversation: one person on
 * one channel), created on its first payload, stored wrapped by the current
 * ENCRYPTION_KEYS key. The payload codec encrypts the chat's payloads with it
 * and writes its id beside them; erasing the person deletes the row, and every
 * copy of those payloads (Temporal's history, archive, backups) is ciphertext
 * for good.
 *
 * Unwrapped keys are cached in memory (bounded), so a chat's messages cost no
 * database read in steady state: the binding workflow id → key is trusted for
 * BINDING_TTL_MS, then read again (one primary-key read per active chat per
 * minute), so a process learns of an erasure made elsewhere within that time.
 */
export class DataKeys {
  private readonly byId = new LRUCache<string, Buffer>({ max: MAX_CACHED_KEYS });
  private readonly byWorkflow = new LRUCache<string, DataKey>({ max: MAX_CACHED_KEYS, ttl: BINDING_TTL_MS });
  private readonly creating = new Map<string, Promise<DataKey>>();
  /** Database reads and writes made (for tests and the benchmark). */
  lookups = 0;

  constructor(
    private readonly db: Db,
    private readonly keyring: Keyring,
  ) {}

  /** The key a chat's payloads are encrypted with now, created on first use. */
  async forWorkflow(workflowId: string): Promise<DataKey> {
    const cached = this.byWorkflow.get(workflowId);
    if (cached) return cached;
    let pending = this.creating.get(workflowId);
    if (!pending) {
      pending = this.loadOrCreate(workflowId).finally(() => this.creating.delete(workflowId));
      this.creating.set(workflowId, pending);
    }
    return pending;
  }

  /** The key of that id, or null when it does not exist (erased, or never made here). */
  async byKeyId(id: string): Promise<Buffer | null> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    this.lookups++;
    const row = await this.db.dataKey.findUnique({ where: { id } });
    if (!row) return null;
    return this.remember(row).key;
  }

  /** Drops what this process holds of these conversations' keys (the erasure, in its own process). */
  forget(workflowIds: readonly string[], keyIds: readonly string[]): void {
    for (const w of workflowIds) this.byWorkflow.delete(w);
    for (const k of keyIds) this.byId.delete(k);
  }

  private async loadOrCreate(workflowId: string): Promise<DataKey> {
    this.lookups++;
    const existing = await this.db.dataKey.findUnique({ where: { workflowId } });
    if (existing) return this.bind(workflowId, this.remember(existing));
    const key = randomBytes(32);
    const wrapping = this.keyring.current;
    const row = {
      id: `dk_${randomBytes(12).toString('hex')}`,
      workflowId,
      wrapped: encrypt(wrapping.key, key).toString('base64'),
      wrappingKeyId: wrapping.id,
    };
    try {
      this.lookups++;
      await this.db.dataKey.create({ data: row });
    } catch (err) {
      // Another process made the conversation's key first: use theirs.
      if ((err as { code?: unknown }).code !== 'P2002') throw err;
      const theirs = await this.db.dataKey.findUniqueOrThrow({ where: { workflowId } });
      return this.bind(workflowId, this.remember(theirs));
    }
    this.byId.set(row.id, key);
    return this.bind(workflowId, { id: row.id, key });
  }

  private bind(workflowId: string, key: DataKey): DataKey {
    this.byWorkflow.set(workflowId, key);
    return key;
  }

  private remember(row: { id: string; wrapped: string; wrappingKeyId: string }): DataKey {
    const key = decrypt(this.keyring.key(row.wrappingKeyId), Buffer.from(row.wrapped, 'base64'));
    this.byId.set(row.id, key);
    return { id: row.id, key };
  }
}
