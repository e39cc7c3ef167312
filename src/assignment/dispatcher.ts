import type { Priority } from '../../workflows/types';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import { pickAttendant, queueOrder, type Candidate, type ChatNeeds, type Pick } from './eligibility';
import { OPEN, takeSeat } from './seats';
import { loadBusinessCalendar } from '../calendar/businessHoursSchema';
import type { WorkingHours } from './workingHours';

/** A chat the queue gave someone; its workflow is told (see AssignmentNotifier). */
export interface Assignment {
  chatId: string;
  workflowId: string;
  attendantId: string;
  /** When the seat was taken (ISO). */
  at: string;
}

/** Tells a chat's workflow that the queue gave it a seat. */
export type AssignmentNotifier = (assignment: Assignment) => Promise<void>;

/** What the dispatcher reads of a queued chat. */
const QUEUED_CHAT = {
  id: true,
  workflowId: true,
  priority: true,
  queuedAt: true,
  department: true,
  skills: true,
  context: true,
} as const;

/** How many times a chat tries the next best attendant when another process took the seat first. */
const RACE_ATTEMPTS = 5;

/** Active attendants (of a department, when the chat needs one) with the number of open chats they hold. */
export async function loadCandidates(db: Db, department: string | null): Promise<Candidate[]> {
  const rows = await db.attendant.findMany({
    where: { active: true, ...(department !== null ? { department } : {}) },
    select: {
      id: true,
      department: true,
      skills: true,
      maxConcurrent: true,
      workingHours: true,
      timezone: true,
      available: true,
      lastAssignedAt: true,
    },
  });
  if (rows.length === 0) return [];
  const loads = await db.chat.groupBy({
    by: ['attendantId'],
    where: { attendantId: { in: rows.map((r) => r.id) }, status: OPEN },
    _count: { _all: true },
  });
  const loadOf = new Map(loads.map((l) => [l.attendantId, l._count._all]));
  return rows.map((r) => ({
    ...r,
    skills: readJsonColumn<string[]>(r.skills, []),
    workingHours: readJsonColumn<WorkingHours>(r.workingHours, {}),
    load: loadOf.get(r.id) ?? 0,
  }));
}

/** A queued chat's needs, as its workflow last wrote them. */
export function needsOf(row: { department: string | null; skills: string; context: string }): ChatNeeds {
  const context = readJsonColumn<{ passedOver?: unknown }>(row.context, {});
  return {
    department: row.department,
    skills: readJsonColumn<string[]>(row.skills, []),
    passedOver: Array.isArray(context.passedOver) ? context.passedOver.filter((x) => typeof x === 'string') : [],
  };
}

/**
 * Gives one queued chat to the best attendant who can take it now. When
 * another process takes that attendant's last seat first, the next best is
 * tried. Answers who got it, or why nobody did and when to try again.
 */
export async function assignChat(
  db: Db,
  chatId: string,
  needs: ChatNeeds,
  now = new Date(),
): Promise<{ attendantId: string } | Extract<Pick, { reason: unknown }>> {
  const refused = new Set<string>();
  for (let attempt = 0; attempt < RACE_ATTEMPTS; attempt++) {
    const candidates = (await loadCandidates(db, needs.department)).filter((c) => !refused.has(c.id));
    const pick = pickAttendant(candidates, needs, now);
    if (!('attendant' in pick)) return pick;
    const outcome = await takeSeat(db, { chatId, attendantId: pick.attendant.id, by: 'queue' }, now);
    if (outcome === 'taken') return { attendantId: pick.attendant.id };
    if (outcome === 'chat_gone') {
      // Someone else's offer may have given it a seat meanwhile: that is an answer too.
      const row = await db.chat.findUnique({ where: { id: chatId }, select: { attendantId: true } });
      if (row?.attendantId) return { attendantId: row.attendantId };
      return { reason: 'all_full', retryAt: null };
    }
    refused.add(pick.attendant.id);
  }
  return { reason: 'all_full', retryAt: null };
}

/**
 * An attendant has room (a chat of theirs closed or moved, they became
 * available, their capacity grew): gives them the queued chats they can take,
 * most urgent and oldest first. Returns the assignments for their workflows
 * to be told.
 */
export async function offerSeats(db: Db, attendantId: string, now = new Date()): Promise<Assignment[]> {
  const attendant = await db.attendant.findUnique({ where: { id: attendantId }, select: { department: true } });
  if (!attendant) return [];
  const [me] = (await loadCandidates(db, attendant.department)).filter((c) => c.id === attendantId);
  if (!me) return [];
  const queued = await db.chat.findMany({
    where: {
      queuedAt: { not: null },
      attendantId: null,
      status: OPEN,
      ...(attendant.department !== null ? { department: { in: [attendant.department] } } : {}),
    },
    select: QUEUED_CHAT,
  });
  // Chats with no department need nobody in particular: anyone may take them.
  const unrouted =
    attendant.department !== null
      ? await db.chat.findMany({
          where: { queuedAt: { not: null }, attendantId: null, status: OPEN, department: null },
          select: QUEUED_CHAT,
        })
      : [];
  const order = [...queued, ...unrouted]
    .map((c) => ({ ...c, priority: c.priority as Priority, queuedAt: c.queuedAt! }))
    .sort(queueOrder);
  const given: Assignment[] = [];
  // A queued chat waits while its team is closed (business calendar), whoever has room.
  const calendar = order.length > 0 ? await loadBusinessCalendar(db, now) : null;
  for (const chat of order) {
    if (me.load >= me.maxConcurrent) break;
    if (calendar && !calendar.isOpen(now, chat.department)) continue;
    const needs = needsOf(chat);
    if (needs.passedOver.includes(me.id)) continue;
    if (!('attendant' in pickAttendant([me], needs, now))) continue;
    const outcome = await takeSeat(db, { chatId: chat.id, attendantId: me.id, by: 'queue' }, now);
    if (outcome === 'taken') {
      given.push({ chatId: chat.id, workflowId: chat.workflowId, attendantId: me.id, at: new Date().toISOString() });
      me.load++;
    } else if (outcome !== 'chat_gone') break;
  }
  return given;
}

/** `offerSeats`, then each chat told; a chat not told finds its seat at its next queue check. */
export async function offerSeatsAndNotify(
  db: Db,
  attendantId: string,
  notify: AssignmentNotifier,
  onNotifyError: (assignment: Assignment, err: unknown) => void,
  now = new Date(),
): Promise<Assignment[]> {
  const given = await offerSeats(db, attendantId, now);
  for (const assignment of given) {
    await notify(assignment).catch((err: unknown) => onNotifyError(assignment, err));
  }
  return given;
}
