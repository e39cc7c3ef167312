import type { Priority } from '../../workflows/types';
import { PRIORITIES } from '../../workflows/types';
import { inWorkingHours, nextWindowStart, type WorkingHours } from './workingHours';

/** An attendant as the queue sees them, with the chats they hold now. */
export interface Candidate {
  id: string;
  department: string | null;
  skills: string[];
  maxConcurrent: number;
  workingHours: WorkingHours;
  timezone: string;
  available: boolean;
  lastAssignedAt: Date | null;
  load: number;
}

/** What a queued chat needs of the person who takes it. */
export interface ChatNeeds {
  department: string | null;
  skills: string[];
  /** Attendants who let this chat's reservation run out: someone else first. */
  passedOver: string[];
}

/** Why a queued chat has nobody yet, as `GET /api/v1/queue` tells it. */
export type WaitReason =
  'no_one_in_department' | 'no_one_with_skills' | 'no_one_available' | 'no_one_in_hours' | 'all_full';

export type Pick = { attendant: Candidate } | { reason: WaitReason; retryAt: Date | null };

/**
 * The rule of docs/design.md: active (the caller's filter), available, in
 * hours, of the chat's department, with all its skills and a free seat;
 * among those the least loaded, then the one who got a chat longest ago.
 * Pure, so the dispatcher and the queue view agree, and it is unit-tested.
 */
export function pickAttendant(candidates: Candidate[], needs: ChatNeeds, now: Date): Pick {
  const inDepartment = candidates.filter((c) => needs.department === null || c.department === needs.department);
  if (inDepartment.length === 0) return { reason: 'no_one_in_department', retryAt: null };
  const skilled = inDepartment.filter((c) => needs.skills.every((s) => c.skills.includes(s)));
  if (skilled.length === 0) return { reason: 'no_one_with_skills', retryAt: null };
  const present = skilled.filter((c) => c.available);
  if (present.length === 0) return { reason: 'no_one_available', retryAt: null };
  const inHours = present.filter((c) => inWorkingHours(c.workingHours, c.timezone, now));
  if (inHours.length === 0) {
    const starts = present
      .map((c) => nextWindowStart(c.workingHours, c.timezone, now))
      .filter((d): d is Date => d !== null);
    const retryAt = starts.length > 0 ? new Date(Math.min(...starts.map((d) => d.getTime()))) : null;
    return { reason: 'no_one_in_hours', retryAt };
  }
  // Passed-over attendants only when nobody else could take it.
  const fresh = inHours.filter((c) => !needs.passedOver.includes(c.id));
  const pool = (fresh.length > 0 ? fresh : inHours).filter((c) => c.load < c.maxConcurrent);
  if (pool.length === 0) return { reason: 'all_full', retryAt: null };
  pool.sort(
    (a, b) =>
      a.load / a.maxConcurrent - b.load / b.maxConcurrent ||
      (a.lastAssignedAt?.getTime() ?? 0) - (b.lastAssignedAt?.getTime() ?? 0) ||
      a.id.localeCompare(b.id),
  );
  return { attendant: pool[0]! };
}

/** Queue order: the more urgent first, then the one waiting longest. */
export function queueOrder(
  a: { priority: Priority; queuedAt: Date; id: string },
  b: { priority: Priority; queuedAt: Date; id: string },
): number {
  return (
    PRIORITIES.indexOf(b.priority) - PRIORITIES.indexOf(a.priority) ||
    a.queuedAt.getTime() - b.queuedAt.getTime() ||
    a.id.localeCompare(b.id)
  );
}
