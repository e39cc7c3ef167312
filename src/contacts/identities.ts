import type { Db } from '../db/client';
import { wellFormedText } from '../text/wellFormedText';

/** How a channel knows the person writing: its own key, and what it tells of them. */
export interface ChannelIdentity {
  channelId: string;
  /** The channel's key for the person (a phone, a Telegram user id, a conversation). */
  externalId: string;
  /** E.164 as src/contacts/phone.ts writes it, when the channel knows one. */
  phone: string | null;
  name?: string;
  email?: string;
}

/**
 * The contact behind a channel identity, made or joined on first sight: an
 * identity seen before keeps its contact; a new one whose phone a contact
 * already has joins that contact (one phone is one person, on any channel);
 * else it is a new contact. What the channel tells (a name, an e-mail) only
 * fills fields still empty: it never overwrites what a person set.
 *
 * Safe to run twice at once for the same person: the identity's key and the
 * contact's phone are unique, and the loser of a race reads the winner's row.
 */
export async function contactOfIdentity(db: Db, identity: ChannelIdentity): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await resolve(db, identity);
    } catch (err) {
      if (attempt < 2 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

async function resolve(db: Db, identity: ChannelIdentity): Promise<string> {
  const key = { channelId: identity.channelId, externalId: identity.externalId };
  const known = await db.contactIdentity.findUnique({
    where: { channelId_externalId: key },
    select: { contact: { select: { id: true, name: true, email: true, phone: true } } },
  });
  const fill = (contact: { name: string | null; email: string | null; phone: string | null }) => ({
    ...(!contact.name && identity.name ? { name: wellFormedText(identity.name) } : {}),
    ...(!contact.email && identity.email ? { email: identity.email.toLowerCase() } : {}),
  });
  if (known) {
    const changes = fill(known.contact);
    if (Object.keys(changes).length > 0) await db.contact.update({ where: { id: known.contact.id }, data: changes });
    return known.contact.id;
  }
  const byPhone = identity.phone
    ? await db.contact.findUnique({
        where: { phone: identity.phone },
        select: { id: true, name: true, email: true, phone: true },
      })
    : null;
  if (byPhone) {
    await db.contact.update({
      where: { id: byPhone.id },
      data: { ...fill(byPhone), identities: { create: key } },
    });
    return byPhone.id;
  }
  const created = await db.contact.create({
    data: {
      name: identity.name ? wellFormedText(identity.name) : null,
      phone: identity.phone,
      email: identity.email?.toLowerCase() ?? null,
      identities: { create: key },
    },
    select: { id: true },
  });
  return created.id;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'P2002';
}
