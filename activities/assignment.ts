import { log } from '@temporalio/activity';
import { assignChat, offerSeatsAndNotify, type AssignmentNotifier } from '../src/assignment/dispatcher';
import type { WaitReason } from '../src/assignment/eligibility';
import { loadRouting, routeChat, ruleTags } from '../src/assignment/routing';
import { addChatTagsByName } from '../src/tags/tags';
import { OPEN, takeSeat, type SeatOutcome } from '../src/assignment/seats';
import { loadChannelSettings } from '../src/channels/store';
import type { Db } from '../src/db/client';
import { chatEvent } from '../src/events/chatEvents';
import type { Priority } from '../workflows/types';

export interface QueueChatInput {
  chatId: string;
  channelId: string;
  lastIntent: string | null;
  /** Set by a transfer to a department; wins over routing. */
  department: string | null;
  priority: Priority;
  /** When the chat entered the queue (kept when it comes back). */
  since: string;
  passedOver: string[];
  /** The workflow's time of the step: working hours are read at it (and follow a test server's skipped time). */
  at: string;
}

export interface QueueChatResult {
  department: string | null;
  skills: string[];
  priority: Priority;
  /** Who holds the chat now, or null while it waits. */
  attendantId: string | null;
  /** When the seat was taken (this process's clock, after the commit). */
  assignedAt: string | null;
  reason: WaitReason | null;
  /** When someone may become able to take it (a working day begins). */
  retryAt: string | null;
}

/**
 * The human queue's side of a chat (src/assignment/): routing, the queue's
 * row fields, and seats. Capacity is decided only by `takeSeat`'s
 * transaction, so these are safe from any number of workers at once.
 */
const now = () => new Date().toISOString();

export function createAssignmentActivities({ db, notifyAssigned }: { db: Db; notifyAssigned: AssignmentNotifier }) {
  return {
    /** Puts the chat in the queue (routed) and gives it to someone who can take it now, if anyone can. */
    async queueChat(input: QueueChatInput): Promise<QueueChatResult> {
      const [routing, channel] = await Promise.all([loadRouting(db), loadChannelSettings(db, input.channelId)]);
      const channelDepartment = typeof channel?.department === 'string' ? channel.department : null;
      const route = routeChat(routing, {
        intent: input.lastIntent,
        explicitDepartment: input.department,
        channelDepartment,
        priority: input.priority,
      });
      const queued = await db.chat.updateMany({
        where: { id: input.chatId, status: OPEN, attendantId: null },
        data: {
          queuedAt: new Date(input.since),
          department: route.department,
          skills: JSON.stringify(route.skills),
          priority: route.priority,
        },
      });
      if (queued.count > 0) {
        await db.chatEvent.create({ data: chatEvent('queue.changed', input.chatId) });
        // The rule's tags (a re-run adds nothing twice); tags deleted since the rule was saved are skipped.
        const tags = ruleTags(routing, { intent: input.lastIntent, explicitDepartment: input.department });
        await addChatTagsByName(db, input.chatId, tags, 'system');
      }
      if (queued.count === 0) {
        // Already given to someone (an offer whose signal has not arrived), or closed.
        const row = await db.chat.findUnique({ where: { id: input.chatId }, select: { attendantId: true } });
        return { ...route, attendantId: row?.attendantId ?? null, assignedAt: now(), reason: null, retryAt: null };
      }
      const needs = { department: route.department, skills: route.skills, passedOver: input.passedOver };
      const outcome = await assignChat(db, input.chatId, needs, new Date(input.at));
      if ('attendantId' in outcome) {
        return { ...route, attendantId: outcome.attendantId, assignedAt: now(), reason: null, retryAt: null };
      }
      const retryAt = outcome.retryAt?.toISOString() ?? null;
      return { ...route, attendantId: null, assignedAt: null, reason: outcome.reason, retryAt };
    },

    /** An attendant let an assignment run out: not at their desk, so no more chats until they say so. */
    async markUnavailable(input: { attendantId: string }): Promise<void> {
      await db.attendant.updateMany({ where: { id: input.attendantId }, data: { available: false } });
    },

    /** A claim or a transfer to a person: the seat moves to them if they have room. */
    async takeSeat(input: { chatId: string; attendantId: string }): Promise<SeatOutcome> {
      return takeSeat(db, { ...input, by: 'command' });
    },

    /**
     * An attendant's seat was freed: the queue gives them what they can take,
     * and those chats are told. A chat whose signal is lost finds its seat
     * at its next queue check (see QueueTimers).
     */
    async offerSeats(input: { attendantId: string; at: string }): Promise<number> {
      const given = await offerSeatsAndNotify(
        db,
        input.attendantId,
        notifyAssigned,
        (assignment, err) =>
          log.warn('assigned chat not told; its queue check will find the seat', {
            chatId: assignment.chatId,
            error: String(err),
          }),
        new Date(input.at),
      );
      return given.length;
    },
  };
}
