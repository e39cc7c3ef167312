import type { Db } from '../db/client';
import { presentContactRecord, type ContactRow } from './contactStore';

export type DuplicateReason = 'email' | 'cpf';

/** At most this many shared values are looked at per call. */
const MAX_GROUPS = 200;

/**
 * Pairs of contacts that share an e-mail or a CPF: suggestions for a person
 * to merge, never merged automatically (anyone can type someone else's
 * e-mail or CPF). A pair sharing both appears once, with both reasons.
 */
export async function duplicatePairs(db: Db) {
  const pairs = new Map<string, { reasons: DuplicateReason[]; contacts: [ContactRow, ContactRow] }>();
  for (const reason of ['cpf', 'email'] as const) {
    const values = await sharedValues(db, reason);
    if (values.length === 0) continue;
    const rows = await db.contact.findMany({
      where: { [reason]: { in: values } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    const byValue = new Map<string, ContactRow[]>();
    for (const row of rows) byValue.set(row[reason]!, [...(byValue.get(row[reason]!) ?? []), row]);
    for (const group of byValue.values()) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) {
          const key = `${group[i]!.id}:${group[j]!.id}`;
          const pair = pairs.get(key) ?? { reasons: [], contacts: [group[i]!, group[j]!] };
          pair.reasons.push(reason);
          pairs.set(key, pair);
        }
      }
    }
  }
  return [...pairs.values()].map((p) => ({ reasons: p.reasons, contacts: p.contacts.map(presentContactRecord) }));
}

/** The values of `field` that more than one contact holds. */
async function sharedValues(db: Db, field: DuplicateReason): Promise<string[]> {
  const groups =
    field === 'cpf'
      ? await db.contact.groupBy({
          by: ['cpf'],
          where: { cpf: { not: null } },
          having: { cpf: { _count: { gt: 1 } } },
          orderBy: { cpf: 'asc' },
          take: MAX_GROUPS,
        })
      : await db.contact.groupBy({
          by: ['email'],
          where: { email: { not: null } },
          having: { email: { _count: { gt: 1 } } },
          orderBy: { email: 'asc' },
          take: MAX_GROUPS,
        });
  return groups.map((g) => ('cpf' in g ? g.cpf : g.email)).filter((v): v is string => Boolean(v));
}
