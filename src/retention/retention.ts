import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import type { MediaStore } from '../media/mediaStore';
import { TERMINAL_STATUSES } from '../../workflows/types';
import type { RetentionCounts, RetentionPlan, RetentionRule } from '../../workflows/retentionTypes';
import { anonymiseChats } from '../privacy/anonymiseChats';
import { filesNamedBy } from '../media/orphans';
import { removeUnnamedFiles } from './mediaFiles';
import type { RetentionSettings } from './settings';

/** Rows handled per transaction: each batch is short, and an activity heartbeats between batches. */
export const RETENTION_BATCH = 200;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What goes as of `now`: for closed chats and for media, one rule per
 * number of days (the default for every channel without its own, then each
 * override); audit entries have one cutoff. A null number keeps forever.
 */
export function retentionPlan(settings: RetentionSettings, now: Date): RetentionPlan {
  const rulesOf = (field: 'closedChatsDays' | 'mediaDays'): RetentionRule[] => {
    const overridden = Object.entries(settings.channels).filter(([, o]) => o[field] !== undefined);
    const rules: RetentionRule[] = [];
    const before = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
    if (settings[field] !== null) {
      rules.push({ before: before(settings[field]), exceptChannelIds: overridden.map(([id]) => id) });
    }
    const byDays = new Map<number, string[]>();
    for (const [id, o] of overridden) if (o[field] != null) byDays.set(o[field], [...(byDays.get(o[field]) ?? []), id]);
    for (const [days, channelIds] of byDays) rules.push({ before: before(days), channelIds });
    return rules;
  };
  return {
    now: now.toISOString(),
    closedChats: rulesOf('closedChatsDays'),
    media: rulesOf('mediaDays'),
    auditBefore:
      settings.auditDays === null ? null : new Date(now.getTime() - settings.auditDays * DAY_MS).toISOString(),
  };
}

function channelWhere(rule: RetentionRule): { channelId?: { in: string[] } | { notIn: string[] } } {
  if (rule.channelIds) return { channelId: { in: rule.channelIds } };
  if (rule.exceptChannelIds && rule.exceptChannelIds.length > 0) return { channelId: { notIn: rule.exceptChannelIds } };
  return {};
}

/** Closed chats old enough whose content is still there. */
export function expiringChats(plan: RetentionPlan): Prisma.ChatWhereInput {
  if (plan.closedChats.length === 0) return { id: { in: [] } };
  return {
    status: { in: [...TERMINAL_STATUSES] },
    anonymisedAt: null,
    OR: plan.closedChats.map((rule) => ({ closedAt: { lt: new Date(rule.before) }, ...channelWhere(rule) })),
  };
}

/** Messages whose file is old enough (in chats that keep their content). */
export function expiringMedia(plan: RetentionPlan): Prisma.MessageWhereInput {
  if (plan.media.length === 0) return { id: { in: [] } };
  return {
    media: { not: null },
    OR: plan.media.map((rule) => ({ createdAt: { lt: new Date(rule.before) }, ...channelWhere(rule) })),
  };
}

export const NO_COUNTS: RetentionCounts = {
  chats: 0,
  messages: 0,
  notes: 0,
  events: 0,
  mediaMessages: 0,
  files: 0,
  auditEntries: 0,
};

export function addCounts(a: RetentionCounts, b: Partial<RetentionCounts>): RetentionCounts {
  const sum = { ...a };
  for (const key of Object.keys(sum) as Array<keyof RetentionCounts>) sum[key] += b[key] ?? 0;
  return sum;
}

/**
 * What a run as of the plan's `now` would remove, removing nothing (the dry
 * run). `files` counts the files that only going messages name.
 */
export async function countExpiring(db: Db, plan: RetentionPlan): Promise<RetentionCounts> {
  let counts = NO_COUNTS;
  const going = new Map<string, number>();
  const noteFiles = (rows: Array<{ media: string | null }>) => {
    for (const row of rows) for (const sha256 of filesNamedBy([row])) going.set(sha256, (going.get(sha256) ?? 0) + 1);
  };
  const chatWhere = expiringChats(plan);
  let after: string | undefined;
  for (;;) {
    const page = await db.chat.findMany({
      where: { ...chatWhere, ...(after ? { id: { gt: after } } : {}) },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: 1000,
    });
    if (page.length === 0) break;
    const inChats = { chatId: { in: page.map((c) => c.id) } };
    counts = addCounts(counts, {
      chats: page.length,
      messages: await db.message.count({ where: inChats }),
      notes: await db.chatNote.count({ where: inChats }),
      events: await db.chatEvent.count({ where: inChats }),
    });
    noteFiles(await db.message.findMany({ where: { ...inChats, media: { not: null } }, select: { media: true } }));
    after = page[page.length - 1]!.id;
  }
  const mediaWhere: Prisma.MessageWhereInput = { AND: [expiringMedia(plan), { chat: { NOT: chatWhere } }] };
  const mediaMessages = await db.message.findMany({ where: mediaWhere, select: { media: true } });
  noteFiles(mediaMessages);
  let files = 0;
  for (const [sha256, goingCount] of going) {
    const naming = await db.message.count({ where: { media: { contains: sha256 } } });
    if (naming > goingCount) continue;
    if ((await db.cannedResponse.count({ where: { attachment: { contains: sha256 } } })) > 0) continue;
    files++;
  }
  const auditEntries = plan.auditBefore
    ? await db.auditEntry.count({ where: { at: { lt: new Date(plan.auditBefore) } } })
    : 0;
  return addCounts(counts, { mediaMessages: mediaMessages.length, files, auditEntries });
}

/** One batch of closed chats: their content goes (anonymiseChats). `done` when none were left. */
export async function expireChatsBatch(
  db: Db,
  media: MediaStore | null,
  plan: RetentionPlan,
  limit = RETENTION_BATCH,
): Promise<{ counts: Partial<RetentionCounts>; done: boolean }> {
  const chats = await db.chat.findMany({ where: expiringChats(plan), select: { id: true }, take: limit });
  if (chats.length === 0) return { counts: {}, done: true };
  if (!media) throw new Error("removing chats' content needs the media store");
  // The erasure's function, keeping the case number: the contact stays, and lists its chats.
  const counts = await anonymiseChats(
    db,
    media,
    chats.map((c) => c.id),
    { keepCaseNumber: true, now: new Date(plan.now) },
  );
  return { counts, done: chats.length < limit };
}

/** One batch of messages whose file is old enough: the reference goes, then the files nothing else names. */
export async function expireMediaBatch(
  db: Db,
  media: MediaStore | null,
  plan: RetentionPlan,
  limit = RETENTION_BATCH,
): Promise<{ counts: Partial<RetentionCounts>; done: boolean }> {
  const rows = await db.message.findMany({
    where: expiringMedia(plan),
    select: { id: true, media: true },
    take: limit,
  });
  if (rows.length === 0) return { counts: {}, done: true };
  const files = filesNamedBy(rows);
  const { count } = await db.message.updateMany({
    where: { id: { in: rows.map((r) => r.id) } },
    data: { media: null },
  });
  if (files.size > 0 && !media) throw new Error('removing files needs the media store');
  const removed = media ? await removeUnnamedFiles(db, media, files) : 0;
  return { counts: { mediaMessages: count, files: removed }, done: rows.length < limit };
}

/** One batch of audit entries older than the plan's cutoff. */
export async function expireAuditBatch(
  db: Db,
  plan: RetentionPlan,
  limit = 1000,
): Promise<{ counts: Partial<RetentionCounts>; done: boolean }> {
  if (!plan.auditBefore) return { counts: {}, done: true };
  const rows = await db.auditEntry.findMany({
    where: { at: { lt: new Date(plan.auditBefore) } },
    select: { id: true },
    orderBy: { id: 'asc' },
    take: limit,
  });
  if (rows.length === 0) return { counts: {}, done: true };
  const { count } = await db.auditEntry.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  return { counts: { auditEntries: count }, done: rows.length < limit };
}
