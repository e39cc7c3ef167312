import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import { auditActor, type AuthedContext } from '../api/auth';
import { recordAudit, type AuditActor, type AuditRecord } from './auditLog';

/** Who made a request and from where: the signed-in attendant or the API token, and the client's address. */
export interface AuditBy {
  actor: AuditActor;
  ip: string | null;
}

/** The author of an authenticated request, for its audit entries. */
export function auditBy(ctx: AuthedContext): AuditBy {
  return { actor: auditActor(ctx.state), ip: ctx.ip || null };
}

/** What a change records once it is made: one entry, several (one per action), or none (nothing changed). */
type Entries<T> = (result: T) => Omit<AuditRecord, 'actor' | 'ip'> | Array<Omit<AuditRecord, 'actor' | 'ip'>> | null;

/**
 * Runs `change` in a transaction and appends the entries it names in that
 * same transaction: the change and its entries are written together or not at
 * all (a change that throws, refused or failed, leaves no entry).
 */
export async function audited<T>(
  db: Db,
  by: AuditBy,
  change: (tx: Prisma.TransactionClient) => Promise<T>,
  entries: Entries<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    const result = await change(tx);
    const records = entries(result);
    for (const record of records === null ? [] : Array.isArray(records) ? records : [records]) {
      await recordAudit(tx, { ...record, actor: by.actor, ip: by.ip });
    }
    return result;
  });
}

/** The names of the body's fields that were given, for `details.fields` (names only, never values). */
export function fieldNames(body: object, leaveOut: readonly string[] = []): string[] {
  return Object.entries(body)
    .filter(([key, value]) => value !== undefined && !leaveOut.includes(key))
    .map(([key]) => key)
    .sort();
}
