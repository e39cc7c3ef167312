import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import type { Sources } from './contactFields';
import { mergeContacts } from './merge';
import { normalizePhone } from './phone';

/** A phone as a channel's contact card writes it: international digits, with or without `+`. */
function cardPhone(raw: string): string | null {
  const digits = raw.replace(/[^\d]/g, '');
  return (raw.trim().startsWith('+') ? null : normalizePhone(`+${digits}`)) ?? normalizePhone(raw);
}

/**
 * A person told their own phone (a Telegram contact card of themselves): their
 * identity's contact takes it when it has none; when another contact already
 * has it, that is the same person, and the identity joins it (its contact
 * merged in, recorded as `system`, when the identity was all it had). A
 * contact's different phone is never overwritten. Idempotent: a re-run finds
 * the phone in place.
 */
export async function giveOwnPhone(
  db: Db,
  input: { channelId: string; externalId: string; phone: string; messageId: string },
): Promise<void> {
  const phone = cardPhone(input.phone);
  if (!phone) return;
  const identity = await db.contactIdentity.findUnique({
    where: { channelId_externalId: { channelId: input.channelId, externalId: input.externalId } },
    select: { contact: { select: { id: true, phone: true, sources: true, _count: { select: { identities: true } } } } },
  });
  if (!identity || identity.contact.phone === phone) return;
  const { contact } = identity;
  const holder = await db.contact.findUnique({ where: { phone }, select: { id: true } });
  if (!holder) {
    if (contact.phone) return;
    const sources = {
      ...readJsonColumn<Sources>(contact.sources, {}),
      phone: { source: 'message', messageId: input.messageId },
    };
    try {
      await db.contact.updateMany({
        where: { id: contact.id, phone: null },
        data: { phone, sources: JSON.stringify(sources) },
      });
    } catch (err) {
      // Another contact took the phone meanwhile: the next card joins them.
      if ((err as { code?: unknown } | null)?.code !== 'P2002') throw err;
    }
    return;
  }
  if (contact._count.identities === 1) {
    await mergeContacts(db, holder.id, contact.id, 'system');
    return;
  }
  await db.contactIdentity.update({
    where: { channelId_externalId: { channelId: input.channelId, externalId: input.externalId } },
    data: { contactId: holder.id },
  });
}
