import { msToNumber } from '@temporalio/common/lib/time';
import type { ChatModel } from './chatModel';
import type { Outbox } from './outbox';
import { records } from './proxies';
import { writeStep } from './stepWriter';
import type { AssignmentEvent, ChatSettings } from './types';

/** A queued chat looks for someone again this often, whatever else happens (a lost signal heals). */
const QUEUE_RECHECK_MS = 5 * 60_000;

/**
 * A chat's side of the human queue (docs/ARCHITECTURE.md, "The human
 * queue"): it routes and queues the chat and takes the queue's assignment,
 * frees its seat, and gives it back when a reservation lapses or its
 * attendant leaves. The decisions across chats are the database's
 * (src/assignment/); this only carries them into the chat's state.
 */
export class HumanQueue {
  constructor(
    private readonly chat: ChatModel,
    private readonly settings: ChatSettings,
    private readonly outbox: Outbox,
  ) {}

  /**
   * The attendant whose seat this step gave up, if any: their room goes to
   * the queue after the write. A seat given to nobody is freed in the write.
   */
  freedSeat(holderBefore: string | null): string | null {
    const { chat } = this;
    if (holderBefore === null || !chat.usesQueue()) return null;
    const holder = chat.state.attendantId;
    if (holder === holderBefore && !chat.machine.terminal) return null;
    if (holder === null && !chat.machine.terminal) chat.changes.releaseSeat(holderBefore);
    return holderBefore;
  }

  /** Routes the chat, queues it, and gives it to someone who can take it now, if anyone can. */
  async seek(): Promise<void> {
    const { chat } = this;
    const since = chat.queue.since ?? new Date().toISOString();
    const found = await records.queueChat({
      chatId: chat.chatId,
      channelId: chat.start.channelId,
      lastIntent: chat.state.lastIntent,
      department: chat.state.department,
      priority: chat.state.priority,
      since,
      passedOver: chat.queue.passedOver,
      at: new Date().toISOString(),
      ...(chat.state.handoffNotice ? { notice: chat.state.handoffNotice } : {}),
    });
    chat.routed(found, since);
    if (chat.state.handoffNotice) {
      if (found.notice) chat.send('bot', found.notice);
      chat.state.handoffNotice = null;
    }
    if (found.attendantId) {
      this.assign(found.attendantId, found.assignedAt);
    } else {
      const retryAt = found.retryAt ? Date.parse(found.retryAt) : Infinity;
      // The team is closed (business calendar): nobody is given it before it opens.
      const closedUntil = found.closedUntil ? Date.parse(found.closedUntil) : null;
      chat.recheckAt(closedUntil ?? Math.min(retryAt, Date.now() + QUEUE_RECHECK_MS));
    }
    await writeStep(chat, this.outbox);
  }

  /** The queue's signal: a seat it took for this chat, or its attendant gone. */
  onAssignment(event: AssignmentEvent): void {
    const { chat } = this;
    if (event.type === 'assigned') {
      if (chat.queued) return this.assign(event.attendantId, event.at);
      // Taken by hand or closed meanwhile: the seat the queue took for them goes back.
      if (chat.state.attendantId !== event.attendantId && !chat.machine.terminal) {
        chat.changes.releaseSeat(event.attendantId);
      }
      return;
    }
    if (chat.state.attendantId !== event.attendantId || chat.machine.terminal) return;
    chat.attendantLeft(event.reason);
  }

  /**
   * The assigned attendant did not answer in time: they are marked
   * unavailable (they are not at their desk: no more chats until they say
   * so), and the chat goes back to the queue at its old place.
   */
  async onReservationOver(attendantId: string): Promise<void> {
    const { chat } = this;
    if (chat.status !== 'waiting_attendant' || chat.state.attendantId !== attendantId) return;
    await records.markUnavailable({ attendantId });
    const within = this.settings.assignmentResponseTimeout;
    chat.unassign(
      'system',
      `no answer from attendant ${attendantId} within ${within}; they are set unavailable; back to the queue`,
      { passOver: true },
    );
  }

  /**
   * The queue gave the chat to `attendantId` (their seat is already taken):
   * they have a while to answer. The history dates it by the seat's commit
   * (`seatAt`), not by this workflow task's start, so a history read across
   * chats shows when each seat was really held.
   */
  private assign(attendantId: string, seatAt: string | null | undefined): void {
    const at = new Date(Math.max(Date.now(), seatAt ? Date.parse(seatAt) : 0)).toISOString();
    const until = Date.now() + msToNumber(this.settings.assignmentResponseTimeout);
    this.chat.reserveFor(attendantId, until, at);
  }
}
