import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import type { AuditAction } from './actions';

/** Who did it: a person signed in, an integration's API token, the product itself, or nobody yet (a failed login). */
export type AuditActor =
  | { type: 'attendant'; id: string }
  | { type: 'token'; id: string }
  | { type: 'system'; id?: null }
  | { type: 'anonymous'; id?: null };

export interface AuditRecord {
  actor: AuditActor;
  action: AuditAction;
  target?: { type: string; id: string };
  /**
   * What changed, for a reader: field names, counts, a role before and after,
   * "secret rotated". Never a secret, a password, a token, nor a customer's
   * name, phone, CPF or message text (an erasure's receipt holds counts only).
   */
  details?: Record<string, unknown>;
  /** The client's address as Koa reads it (TRUST_PROXY decides). */
  ip?: string | null;
}

/** A Prisma client or the transaction a change runs in. */
export type AuditWriter = Pick<Db, 'auditEntry'> | Prisma.TransactionClient;

/**
 * Appends one entry. Call it with the transaction that makes the change, so
 * the change and its entry land together or not at all (a refused or failed
 * change writes nothing); outside a transaction only for facts that have no
 * other row to write (a failed login, a logout).
 */
export async function recordAudit(db: AuditWriter, entry: AuditRecord): Promise<void> {
  await db.auditEntry.create({
    data: {
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? null,
    },
  });
}
