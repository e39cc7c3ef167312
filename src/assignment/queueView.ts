import type { Priority } from '../../workflows/types';
import type { SlaView } from '../../workflows/slaView';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import { loadCandidates, needsOf } from './dispatcher';
import { pickAttendant, queueOrder, type Candidate, type WaitReason } from './eligibility';
import { OPEN } from './seats';

export interface QueueItem {
  chatId: string;
  priority: Priority;
  department: string | null;
  skills: string[];
  waitingSince: string;
  position: number;
  /** Why nobody has it yet; null when someone could take it now (it is being assigned). */
  waitingFor: WaitReason | null;
  /** Its SLA (workflows/sla.ts), null without a policy: the console's countdown badge. */
  sla: SlaView | null;
}

/**
 * The queue in the order chats will be assigned, with each one's reason for
 * waiting: the same rule the dispatcher applies, over the same data.
 * `scope`: the chats the caller may take (the access policy's claim filter).
 */
export async function readQueue(
  db: Db,
  { department, scope = {} }: { department?: string; scope?: Prisma.ChatWhereInput } = {},
  now = new Date(),
): Promise<QueueItem[]> {
  const rows = await db.chat.findMany({
    where: {
      queuedAt: { not: null },
      attendantId: null,
      status: OPEN,
      ...(department ? { department } : {}),
      AND: [scope],
    },
    select: { id: true, priority: true, queuedAt: true, department: true, skills: true, context: true, sla: true },
  });
  const ordered = rows.map((r) => ({ ...r, priority: r.priority as Priority, queuedAt: r.queuedAt! })).sort(queueOrder);
  const candidates = new Map<string | null, Candidate[]>();
  const items: QueueItem[] = [];
  for (const [index, chat] of ordered.entries()) {
    const needs = needsOf(chat);
    if (!candidates.has(needs.department)) candidates.set(needs.department, await loadCandidates(db, needs.department));
    const pick = pickAttendant(candidates.get(needs.department)!, needs, now);
    items.push({
      chatId: chat.id,
      priority: chat.priority,
      department: chat.department,
      skills: needs.skills,
      waitingSince: chat.queuedAt.toISOString(),
      position: index + 1,
      waitingFor: 'reason' in pick ? pick.reason : null,
      sla: chat.sla ? readJsonColumn<SlaView | null>(chat.sla, null) : null,
    });
  }
  return items;
}

/** Departments someone works in or that routing or a channel names: where a transfer may send a chat. */
export async function knownDepartments(db: Db, routingDepartments: string[]): Promise<Set<string>> {
  const [attendants, channels] = await Promise.all([
    db.attendant.findMany({ where: { active: true, department: { not: null } }, select: { department: true } }),
    db.channel.findMany({ select: { settings: true } }),
  ]);
  const fromChannels = channels.flatMap((c) => {
    const department = readJsonColumn<{ department?: unknown }>(c.settings, {}).department;
    return typeof department === 'string' ? [department] : [];
  });
  return new Set([...attendants.map((a) => a.department!), ...routingDepartments, ...fromChannels]);
}
