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
import { queueOrder } from '../src/assignment/eligibility';
import { chatVariables, textIsSet } from '../src/automaticMessages/chatTexts';
import { loadAutomaticMessages } from '../src/automaticMessages/store';
import { automaticLocale, automaticText } from '../src/automaticMessages/texts';
import { openingPhrase, rulesFor } from '../src/calendar/businessCalendar';
import { loadBusinessCalendar, loadBusinessHours } from '../src/calendar/businessHoursSchema';

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
  /** A bot hand-off's notice to write, in this language (automatic messages: in or out of hours, the position). */
  notice?: 'pt' | 'en';
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
  /** The team is closed (business calendar) until then: nobody is given the chat before. */
  closedUntil?: string | null;
  /** The hand-off notice asked for, rendered. */
  notice?: string | null;
}

/**
 * The human queue's side of a chat (src/assignment/): routing, the queue's
 * row fields, and seats. Capacity is decided only by `takeSeat`'s
 * transaction, so these are safe from any number of workers at once.
 */
const now = () => new Date().toISOString();

/**
 * A bot hand-off's notice (automatic messages): `handoff`, or out of hours
 * `handoffOutOfHours` with the next opening as people say it; when a
 * `queuePosition` text is set and the chat waits, its place in its queue.
 */
async function handoffNotice(
  db: Db,
  input: QueueChatInput,
  route: { department: string | null },
  when: { at: Date; closedUntil: Date | null; waiting: boolean },
): Promise<string | null> {
  const locale = automaticLocale(input.notice);
  const [settings, chat] = await Promise.all([
    loadAutomaticMessages(db),
    db.chat.findUnique({
      where: { id: input.chatId },
      select: { protocol: true, contact: { select: { name: true } } },
    }),
  ]);
  const hours = when.closedUntil ? await loadBusinessHours(db) : null;
  const vars = {
    ...chatVariables({ contactName: chat?.contact.name ?? null, protocol: chat?.protocol ?? null }),
    nextOpening: hours
      ? openingPhrase(when.closedUntil!, when.at, rulesFor(hours, route.department).timezone, locale)
      : null,
  };
  const text = automaticText(settings, input.channelId, locale, hours ? 'handoffOutOfHours' : 'handoff', vars);
  if (!when.waiting || !textIsSet(settings, input.channelId, locale, 'queuePosition')) return text;
  const position = await queuePosition(db, input.chatId, route.department);
  const line = position ? automaticText(settings, input.channelId, locale, 'queuePosition', { position }) : null;
  return [text, line].filter((t) => t).join('\n\n') || null;
}

/** The chat's place in its department's queue (1 = next), in the queue's order. */
async function queuePosition(db: Db, chatId: string, department: string | null): Promise<number | null> {
  const queued = await db.chat.findMany({
    where: { queuedAt: { not: null }, attendantId: null, status: OPEN, department },
    select: { id: true, priority: true, queuedAt: true },
  });
  const order = queued.map((c) => ({ ...c, priority: c.priority as Priority, queuedAt: c.queuedAt! })).sort(queueOrder);
  const index = order.findIndex((c) => c.id === chatId);
  return index < 0 ? null : index + 1;
}

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
      const at = new Date(input.at);
      const notice = (closedUntil: Date | null, waiting: boolean) =>
        input.notice ? handoffNotice(db, input, route, { at, closedUntil, waiting }) : Promise.resolve(null);
      if (queued.count === 0) {
        // Already given to someone (an offer whose signal has not arrived), or closed.
        const row = await db.chat.findUnique({ where: { id: input.chatId }, select: { attendantId: true } });
        const text = await notice(null, false);
        return {
          ...route,
          attendantId: row?.attendantId ?? null,
          assignedAt: now(),
          reason: null,
          retryAt: null,
          notice: text,
        };
      }
      // Out of the team's hours (business calendar, the department's override): queued until it opens.
      const calendar = await loadBusinessCalendar(db, at);
      if (!calendar.isOpen(at, route.department)) {
        const opening = calendar.nextOpening(at, route.department);
        const retryAt = opening?.toISOString() ?? null;
        const text = await notice(opening, true);
        return {
          ...route,
          attendantId: null,
          assignedAt: null,
          reason: 'no_one_in_hours',
          retryAt,
          closedUntil: retryAt,
          notice: text,
        };
      }
      const needs = { department: route.department, skills: route.skills, passedOver: input.passedOver };
      const outcome = await assignChat(db, input.chatId, needs, at);
      if ('attendantId' in outcome) {
        const text = await notice(null, false);
        return {
          ...route,
          attendantId: outcome.attendantId,
          assignedAt: now(),
          reason: null,
          retryAt: null,
          notice: text,
        };
      }
      const retryAt = outcome.retryAt?.toISOString() ?? null;
      const text = await notice(null, true);
      return { ...route, attendantId: null, assignedAt: null, reason: outcome.reason, retryAt, notice: text };
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
