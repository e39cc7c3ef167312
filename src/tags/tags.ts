import { z } from 'zod';
import type { Db } from '../db/client';
import { HttpError } from '../http/httpError';

/**
 * The tag catalogue and the tags on chats (docs/api.md "Tags"): labels, and
 * contact reasons ("tabulação", kind `reason`) recorded at resolve. One name
 * space, unique whatever the case. Tags are named by their names in every
 * body and filter; ids only address the catalogue's own routes.
 */
export const TAG_KINDS = ['label', 'reason'] as const;
export type TagKind = (typeof TAG_KINDS)[number];

export const TagName = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[^,]+$/, 'must not contain a comma (lists of tags are comma-separated)');
const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a color as #rrggbb');

export const CreateTag = z
  .object({ name: TagName, color: Color.default('#6b7280'), kind: z.enum(TAG_KINDS).default('label') })
  .strict();
export const UpdateTag = z
  .object({ name: TagName.optional(), color: Color.optional(), kind: z.enum(TAG_KINDS).optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give name, color or kind');
export const ListTagsQuery = z
  .object({
    kind: z.enum(TAG_KINDS).optional(),
    /** `true`: the archived (deleted) tags too. */
    archived: z.enum(['true', 'false']).optional(),
  })
  .strict();
export const ChatTagsBody = z.object({ tags: z.array(TagName).max(50) }).strict();

/** The key names are unique by. */
export const nameKey = (name: string) => name.trim().toLowerCase();

type TagRow = { id: string; name: string; color: string; kind: string; archivedAt: Date | null };

export function presentTag(t: TagRow & { createdAt: Date; updatedAt: Date }) {
  return {
    id: t.id,
    name: t.name,
    color: t.color,
    kind: t.kind as TagKind,
    archived: t.archivedAt !== null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/**
 * The live tags named, in the order given (repeats once), or a 400 naming
 * the first unknown one (`<where>.<i>`, or as `where` names it); `kind` restricts what fits.
 */
export async function tagsNamed(
  db: Db,
  names: readonly string[],
  where: string | ((i: number) => string),
  kind?: TagKind,
): Promise<TagRow[]> {
  const pathOf = typeof where === 'string' ? (i: number) => `${where}.${i}` : where;
  const keys = names.map(nameKey);
  const rows = await db.tag.findMany({ where: { nameKey: { in: keys }, archivedAt: null } });
  const byKey = new Map(rows.map((r) => [nameKey(r.name), r]));
  const issues = keys.flatMap((key, i) => {
    const row = byKey.get(key);
    if (!row) return [{ path: pathOf(i), message: 'no such tag in the catalogue' }];
    if (kind && row.kind !== kind) return [{ path: pathOf(i), message: `not a tag of kind ${kind}` }];
    return [];
  });
  if (issues.length > 0) {
    throw new HttpError(400, 'invalid_request', `${issues[0]!.path}: ${issues[0]!.message}`, issues);
  }
  const seen = new Set<string>();
  return keys.flatMap((key) => (seen.has(key) ? [] : (seen.add(key), [byKey.get(key)!])));
}

const byName = (a: string, b: string) => a.localeCompare(b, 'pt-BR', { sensitivity: 'base' });

/** What a chat carries: its live tags' names (reasons too), by name, and its reason: the latest reason added. */
export function tagsOfChat(chatTags: ReadonlyArray<{ addedAt: Date; tag: TagRow }> | undefined): {
  tags: string[];
  reason: string | null;
} {
  const live = (chatTags ?? []).filter((ct) => ct.tag.archivedAt === null);
  const reasons = live
    .filter((ct) => ct.tag.kind === 'reason')
    .sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime() || byName(a.tag.name, b.tag.name));
  return { tags: live.map((ct) => ct.tag.name).sort(byName), reason: reasons.at(-1)?.tag.name ?? null };
}

/** The include that gives `tagsOfChat` what it reads. */
export const CHAT_TAGS_INCLUDE = { chatTags: { include: { tag: true } } } as const;

/**
 * Replaces a chat's live tags with `tags` in one transaction: the ones it
 * keeps keep their author and time; archived ones stay (hidden, for history).
 */
export async function setChatTags(db: Db, chatId: string, tags: readonly TagRow[], addedBy: string): Promise<void> {
  const ids = tags.map((t) => t.id);
  await db.$transaction([
    db.chatTag.deleteMany({ where: { chatId, tagId: { notIn: ids }, tag: { archivedAt: null } } }),
    ...ids.map((tagId) =>
      db.chatTag.upsert({
        where: { chatId_tagId: { chatId, tagId } },
        create: { chatId, tagId, addedBy },
        update: {},
      }),
    ),
  ]);
}

/** Adds tags to a chat (those it has already are left as they are). */
export async function addChatTags(db: Db, chatId: string, tagIds: readonly string[], addedBy: string): Promise<void> {
  if (tagIds.length === 0) return;
  await db.$transaction(
    tagIds.map((tagId) =>
      db.chatTag.upsert({
        where: { chatId_tagId: { chatId, tagId } },
        create: { chatId, tagId, addedBy },
        update: {},
      }),
    ),
  );
}

/** Adds the live tags of these names (others are skipped: a routing rule may name a tag since deleted). */
export async function addChatTagsByName(
  db: Db,
  chatId: string,
  names: readonly string[],
  addedBy: string,
): Promise<void> {
  if (names.length === 0) return;
  const rows = await db.tag.findMany({ where: { nameKey: { in: names.map(nameKey) }, archivedAt: null } });
  await addChatTags(
    db,
    chatId,
    rows.map((r) => r.id),
    addedBy,
  );
}
