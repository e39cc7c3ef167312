import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import { HttpError, notFound } from '../http/httpError';
import { MAX_ATTRIBUTES, type Attributes, type Sources } from './contactFields';
import { recordAudit } from '../audit/auditLog';

/** What a merge moved, as its `ContactMerge` row keeps it. */
export interface MergeMoved {
  identities: Array<{ channelId: string; externalId: string }>;
  chats: string[];
  /** Fields of the kept contact that were empty and took the other's value. */
  fields: string[];
}

const FILLABLE = ['name', 'phone', 'email', 'cpf'] as const;

/**
 * Moves `otherId`'s identities and chats to `intoId`, fills `intoId`'s empty
 * fields from it (and adds the attribute keys it lacks, up to the limit),
 * deletes `otherId` and records the merge, all in one transaction: a merge
 * happens whole or not at all. Notes do not exist yet; when they do, they
 * move here too. `actor`: `attendant:<id>`, or `system` when a channel told
 * that two contacts are one person. The audit log's `contact.merged` entry
 * (counts and field names, no personal data) is written in the same
 * transaction; `ip`: the request's, when a person asked.
 */
export async function mergeContacts(
  db: Db,
  intoId: string,
  otherId: string,
  actor: string,
  ip: string | null = null,
): Promise<MergeMoved> {
  if (intoId === otherId)
    throw new HttpError(400, 'invalid_request', 'body.contactId: a contact cannot merge into itself');
  return db.$transaction(async (tx) => {
    const [into, other] = await Promise.all([
      tx.contact.findUnique({ where: { id: intoId } }),
      tx.contact.findUnique({ where: { id: otherId }, include: { identities: true, chats: { select: { id: true } } } }),
    ]);
    // An erased person's tombstone is no contact: merging would tie their anonymous figures to someone.
    if (!into || into.erasedAt) throw notFound('contact');
    if (!other || other.erasedAt) throw notFound('body.contactId: contact');

    const sources = readJsonColumn<Sources>(into.sources, {});
    const otherSources = readJsonColumn<Sources>(other.sources, {});
    const filled: Record<string, string> = {};
    for (const field of FILLABLE) {
      const value = other[field];
      if (into[field] || !value) continue;
      filled[field] = value;
      sources[field] = otherSources[field] ?? { source: 'merge', contactId: other.id };
    }
    const attributes = readJsonColumn<Attributes>(into.attributes, {});
    const added: string[] = [];
    for (const [key, value] of Object.entries(readJsonColumn<Attributes>(other.attributes, {}))) {
      if (key in attributes || Object.keys(attributes).length >= MAX_ATTRIBUTES) continue;
      attributes[key] = value;
      added.push(key);
    }
    if (added.length > 0 && !sources.attributes) sources.attributes = { source: 'merge', contactId: other.id };

    await tx.contactIdentity.updateMany({ where: { contactId: other.id }, data: { contactId: into.id } });
    await tx.chat.updateMany({ where: { contactId: other.id }, data: { contactId: into.id } });
    // The other goes first: its phone is unique and may be what fills this one.
    await tx.contact.delete({ where: { id: other.id } });
    await tx.contact.update({
      where: { id: into.id },
      data: { ...filled, attributes: JSON.stringify(attributes), sources: JSON.stringify(sources) },
    });
    const moved: MergeMoved = {
      identities: other.identities.map(({ channelId, externalId }) => ({ channelId, externalId })),
      chats: other.chats.map((c) => c.id),
      fields: [...Object.keys(filled), ...(added.length > 0 ? ['attributes'] : [])],
    };
    await tx.contactMerge.create({
      data: { contactId: into.id, mergedId: other.id, actor, moved: JSON.stringify(moved) },
    });
    const [actorType, actorId] = actor.split(':');
    await recordAudit(tx, {
      actor: actorType === 'attendant' && actorId ? { type: 'attendant', id: actorId } : { type: 'system' },
      action: 'contact.merged',
      target: { type: 'contact', id: into.id },
      details: {
        mergedId: other.id,
        identities: moved.identities.length,
        chats: moved.chats.length,
        fields: moved.fields,
      },
      ip,
    });
    return moved;
  });
}
