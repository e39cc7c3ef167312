import { randomUUID } from 'node:crypto';
import type { ChannelRef, ChatGateway } from '../../chats/gateway';
import type { Db } from '../../db/client';
import type { Logger } from '../../logger';
import { applyInboundEvents } from '../inbound';
import type { InboundEvent } from '../inboundEvent';
import type { ChannelType } from '../../../workflows/types';

export interface InboxOptions {
  /** A payload of at least this many events is held and drained, rather than applied before the answer. */
  minEvents: number;
  /** Events of one batch applied at once: below the synchronous path's, so other channels' chats keep room. */
  concurrency?: number;
  /** How long a claim on a batch lasts without renewal (a process that died lets go after this). */
  leaseMs?: number;
  /** How often every batch is looked at (one whose drainer died, one another process held). */
  sweepMs?: number;
}

/**
 * The inbox of large webhook batches. Meta sends up to 1000 WhatsApp updates
 * in one call and retries one answered slowly; making each a durable
 * Temporal signal first took ~30 s for 1000 new conversations on 2 cores. A
 * batch of `minEvents` or more is instead written as one row (one database
 * write: as durable as the signals, since the row is only deleted once every
 * event is applied), the provider gets its 200 at once, and the batch is
 * drained here into the chats.
 *
 * Order: a channel's batches drain one at a time, oldest first, and while a
 * channel has one waiting, every later payload of that channel is held too,
 * so a conversation's messages reach its chat in the order they came.
 * Crashes and restarts: a batch is claimed with a lease in its row, renewed
 * while it drains; a process that dies lets go when the lease runs out and
 * any API process (this one after a restart) drains it from the start, the
 * events already applied being dropped as repeats (a message id is stored
 * once). A failure (Temporal away) leaves the row for a later attempt, with
 * a growing pause.
 */
export class InboundInbox {
  private readonly owner = randomUUID();
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly sweepMs: number;
  /** Channels this process is draining now (one batch each at a time). */
  private readonly draining = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly gateway: ChatGateway,
    private readonly logger: Logger,
    private readonly options: InboxOptions,
  ) {
    this.concurrency = options.concurrency ?? 8;
    this.leaseMs = options.leaseMs ?? 10_000;
    this.sweepMs = options.sweepMs ?? 5_000;
  }

  /** Drains what is waiting (left by a process that stopped) and looks again every `sweepMs`. */
  start(): void {
    this.sweeper = setInterval(() => this.pump(), this.sweepMs);
    this.sweeper.unref();
    this.pump();
  }

  /** Stops taking batches and stops the ones under way between events; their rows stay for the next drain. */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    this.abort.abort(new Error('the inbox is stopping'));
    await Promise.allSettled(this.draining.values());
  }

  /** Whether this payload goes through the inbox: it is large, or its channel has a batch still waiting. */
  async holds(channelId: string, events: readonly InboundEvent[]): Promise<boolean> {
    if (events.length === 0) return false;
    if (events.length >= this.options.minEvents) return true;
    return (await this.db.inboundBatch.findFirst({ where: { channelId }, select: { id: true } })) !== null;
  }

  /** Writes the batch (durable once this resolves) and starts draining it. */
  async hold(channel: ChannelRef, events: readonly InboundEvent[]): Promise<void> {
    await this.db.inboundBatch.create({
      data: {
        channelId: channel.id,
        channelType: channel.type,
        events: JSON.stringify(events),
        eventCount: events.length,
      },
    });
    this.pump();
  }

  /** Starts a drain for every channel with a batch waiting that this process is not draining yet. */
  private pump(): void {
    if (this.abort.signal.aborted) return;
    void this.db.inboundBatch
      .findMany({ distinct: ['channelId'], select: { channelId: true } })
      .then((rows) => {
        for (const { channelId } of rows) {
          if (this.draining.has(channelId) || this.abort.signal.aborted) continue;
          const drain = this.drainChannel(channelId).finally(() => this.draining.delete(channelId));
          this.draining.set(channelId, drain);
        }
      })
      .catch((err: unknown) => this.logger.warn({ err }, 'inbox: could not list the waiting batches'));
  }

  /** A channel's batches, oldest first, until none is left or one cannot be applied now. */
  private async drainChannel(channelId: string): Promise<void> {
    while (!this.abort.signal.aborted) {
      const oldest = await this.db.inboundBatch.findFirst({
        where: { channelId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      if (!oldest || !(await this.claim(oldest.id))) return;
      const renew = setInterval(() => void this.renew(oldest.id), this.leaseMs / 3);
      try {
        const events = JSON.parse(oldest.events) as InboundEvent[];
        const channel = { id: channelId, type: oldest.channelType as ChannelType };
        await applyInboundEvents(this.gateway, this.db, channel, events, this.concurrency, this.abort.signal);
        await this.db.inboundBatch.deleteMany({ where: { id: oldest.id, leaseOwner: this.owner } });
        this.logger.info({ channelId, events: oldest.eventCount }, 'inbox: batch applied');
      } catch (err) {
        // Temporal or the database away, or this process stopping: the row stays for a later drain.
        const pauseMs = this.abort.signal.aborted ? 0 : Math.min(2 ** oldest.attempts * 1000, 300_000);
        await this.release(oldest.id, pauseMs).catch(() => undefined);
        if (!this.abort.signal.aborted)
          this.logger.warn({ err, channelId, attempts: oldest.attempts + 1 }, 'inbox: batch not applied; retrying');
        return;
      } finally {
        clearInterval(renew);
      }
    }
  }

  /** Takes the batch if nobody holds it (a compare-and-swap on its lease). */
  private async claim(id: string): Promise<boolean> {
    const now = new Date();
    const { count } = await this.db.inboundBatch.updateMany({
      where: { id, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseOwner: this.owner, leaseUntil: new Date(now.getTime() + this.leaseMs), attempts: { increment: 1 } },
    });
    return count === 1;
  }

  private async renew(id: string): Promise<void> {
    await this.db.inboundBatch
      .updateMany({
        where: { id, leaseOwner: this.owner },
        data: { leaseUntil: new Date(Date.now() + this.leaseMs) },
      })
      .catch((err: unknown) => this.logger.warn({ err }, 'inbox: could not renew a lease'));
  }

  /** Lets go of the batch, to be taken again after `pauseMs`. */
  private async release(id: string, pauseMs: number): Promise<void> {
    await this.db.inboundBatch.updateMany({
      where: { id, leaseOwner: this.owner },
      data: { leaseOwner: null, leaseUntil: pauseMs > 0 ? new Date(Date.now() + pauseMs) : null },
    });
  }
}
