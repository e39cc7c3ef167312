import { z } from 'zod';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import { conflict } from '../http/httpError';
import { tagsNamed } from './tags';

const Department = z.string().trim().min(1).max(100);

/** `PUT /api/v1/settings/resolution`: whether a resolve needs a contact reason, for everyone or per department. */
export const ResolutionSettings = z
  .object({
    requireReason: z.boolean(),
    departments: z
      .record(Department, z.object({ requireReason: z.boolean() }).strict())
      .refine((d) => Object.keys(d).length <= 100, 'at most 100 departments')
      .default({}),
  })
  .strict();
export type ResolutionSettings = z.infer<typeof ResolutionSettings>;

const KEY = 'resolution';
const NONE: ResolutionSettings = { requireReason: false, departments: {} };

export async function loadResolutionSettings(db: Db): Promise<ResolutionSettings> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return NONE;
  const parsed = ResolutionSettings.safeParse(readJsonColumn<unknown>(row.value, NONE));
  return parsed.success ? parsed.data : NONE;
}

export async function saveResolutionSettings(db: Pick<Db, 'setting'>, settings: ResolutionSettings): Promise<void> {
  const value = JSON.stringify(settings);
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}

/** A department's own setting wins; else the one for everyone. */
export function reasonRequired(settings: ResolutionSettings, department: string | null): boolean {
  const own = department !== null ? settings.departments[department] : undefined;
  return own?.requireReason ?? settings.requireReason;
}

/**
 * Before a resolve reaches the chat's workflow: the reason given (a live tag
 * of kind `reason`, else 400 `body.reason`), or, when none is given and the
 * chat's department needs one, 409 `reason_required` unless the chat already
 * carries a reason. Answers the reason's tag id to record once the resolve
 * succeeded.
 */
export async function reasonForResolve(db: Db, chatId: string, reason: string | undefined): Promise<string | null> {
  if (reason !== undefined) {
    const [tag] = await tagsNamed(db, [reason], () => 'body.reason', 'reason');
    return tag!.id;
  }
  const [settings, chat] = await Promise.all([
    loadResolutionSettings(db),
    db.chat.findUnique({
      where: { id: chatId },
      select: {
        department: true,
        chatTags: { where: { tag: { kind: 'reason', archivedAt: null } }, select: { tagId: true }, take: 1 },
      },
    }),
  ]);
  if (chat && reasonRequired(settings, chat.department) && chat.chatTags.length === 0) {
    throw conflict('reason_required', 'a contact reason (a tag of kind reason) is required to resolve this chat');
  }
  return null;
}
