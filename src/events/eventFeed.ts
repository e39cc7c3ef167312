import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { ChatFacts } from '../../workflows/chatAccess';
import { CHAT_FACT_COLUMNS, factsOfRow } from '../chats/readScope';

export interface FeedEvent {
  id: number;
  type: string;
  chatId: string;
  data: string;
}

/** The chats a batch of events is about, as they are now: who may see an event is decided from them. */
export type ChatsNow = Map<string, ChatFacts>;

/** An attendant's row as the feed re-reads it for a stream of theirs. */
export interface ViewerRow {
  id: string;
  role: string;
  department: string | null;
  active: boolean;
  tokenVersion: number;
}

export interface FeedSubscriber {
  /**
   * Whose stream this is. Before each batch, and every `viewerCheckMs` while
   * none comes, the feed re-reads the attendants of all its streams in one
   * query and hands each stream its row (null: no longer there), so a
   * revoked, deactivated or re-scoped attendant is judged as they are now.
   */
  viewer?: { id: string; recheck(row: ViewerRow | null): void };
  deliver(events: FeedEvent[], chats: ChatsNow): void;
  /** The feed stops (the process shuts down): end the stream. */
  end(): void;
}

/** How far back each poll looks again: a PostgreSQL sequence value can commit after a higher one. */
const LOOKBACK = 200;
const BATCH = 500;
/** How often the streams' attendants are re-read when no event comes (before every batch anyway). */
const VIEWER_CHECK_MS = 5_000;

/**
 * The ChatEvent table as a stream, one per API process: it polls new rows
 * (only while someone listens) and hands each batch to every subscriber, so
 * clients of any process see every process's and worker's changes. Events
 * are sent in id order; a row that commits late (PostgreSQL hands out ids
 * before commit) is still sent once, as long as it lands within LOOKBACK ids.
 * Rows older than a day are pruned. Before each batch (and every few
 * seconds while none comes) it re-reads the attendants its streams are for.
 */
export class EventFeed {
  private readonly subscribers = new Set<FeedSubscriber>();
  private readonly sent = new Set<number>();
  private cursor = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private lastPrune = 0;
  private lastViewerCheck = 0;
  private readonly viewerCheckMs: number;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly pollMs = 250,
    { viewerCheckMs = VIEWER_CHECK_MS }: { viewerCheckMs?: number } = {},
  ) {
    this.viewerCheckMs = viewerCheckMs;
  }

  async start(): Promise<void> {
    await this.catchUp();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
  }

  /** Subscribes from now on (a feed nobody listened to first skips what it did not poll). */
  async subscribe(subscriber: FeedSubscriber): Promise<() => void> {
    if (this.subscribers.size === 0) await this.catchUp();
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** What is already in the table is history (served by `since`), not news. */
  private async catchUp(): Promise<void> {
    const last = await this.db.chatEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    this.cursor = Math.max(this.cursor, last?.id ?? 0);
    const recent = await this.db.chatEvent.findMany({
      where: { id: { gt: this.cursor - LOOKBACK } },
      select: { id: true },
    });
    for (const { id } of recent) this.sent.add(id);
  }

  /** Events after `afterId` (a reconnecting client's Last-Event-ID), oldest first, with their chats. */
  async since(afterId: number): Promise<{ events: FeedEvent[]; chats: ChatsNow }> {
    const events = await this.db.chatEvent.findMany({
      where: { id: { gt: afterId, lte: this.cursor } },
      orderBy: { id: 'asc' },
      take: 1000,
    });
    return { events, chats: await this.chatsOf(events) };
  }

  /** One poll; public so tests can step the feed. */
  async poll(): Promise<void> {
    if (this.polling || this.subscribers.size === 0) return;
    this.polling = true;
    try {
      const rows = await this.db.chatEvent.findMany({
        where: { id: { gt: Math.max(0, this.cursor - LOOKBACK) } },
        orderBy: { id: 'asc' },
        take: BATCH,
      });
      const fresh = rows.filter((r) => !this.sent.has(r.id));
      // Whoever listens is judged as they are now before anything more reaches them.
      if (fresh.length > 0 || Date.now() - this.lastViewerCheck >= this.viewerCheckMs) await this.checkViewers();
      const chats = fresh.length > 0 ? await this.chatsOf(fresh) : null;
      // Marked sent only once every read succeeded: a failed poll is tried again whole.
      for (const r of fresh) this.sent.add(r.id);
      if (rows.length > 0) this.cursor = Math.max(this.cursor, rows[rows.length - 1]!.id);
      for (const id of this.sent) if (id <= this.cursor - LOOKBACK) this.sent.delete(id);
      if (chats) for (const subscriber of this.subscribers) subscriber.deliver(fresh, chats);
      await this.prune();
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'event feed poll failed');
    } finally {
      this.polling = false;
    }
  }

  /** One indexed query for the attendants of every stream; each stream gets its attendant's row. */
  private async checkViewers(): Promise<void> {
    this.lastViewerCheck = Date.now();
    const watched = [...this.subscribers].filter((s) => s.viewer);
    if (watched.length === 0) return;
    const rows = await this.db.attendant.findMany({
      where: { id: { in: [...new Set(watched.map((s) => s.viewer!.id))] } },
      select: { id: true, role: true, department: true, active: true, tokenVersion: true },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const s of watched) if (this.subscribers.has(s)) s.viewer!.recheck(byId.get(s.viewer!.id) ?? null);
  }

  /** The access policy's facts of each chat, with who took part in it (an attendant who did reads it). */
  private async chatsOf(events: FeedEvent[]): Promise<ChatsNow> {
    const ids = [...new Set(events.map((e) => e.chatId))];
    const [rows, wrote, changed] = await Promise.all([
      this.db.chat.findMany({ where: { id: { in: ids } }, select: { id: true, ...CHAT_FACT_COLUMNS } }),
      this.db.message.findMany({
        where: { chatId: { in: ids }, attendantId: { not: null } },
        select: { chatId: true, attendantId: true },
        distinct: ['chatId', 'attendantId'],
      }),
      this.db.statusChange.findMany({
        where: { chatId: { in: ids }, actor: { startsWith: 'attendant:' } },
        select: { chatId: true, actor: true },
        distinct: ['chatId', 'actor'],
      }),
    ]);
    const participants = new Map<string, string[]>();
    const add = (chatId: string, attendantId: string) =>
      participants.set(chatId, [...(participants.get(chatId) ?? []), attendantId]);
    for (const m of wrote) add(m.chatId, m.attendantId!);
    for (const c of changed) add(c.chatId, c.actor.slice('attendant:'.length));
    return new Map(rows.map((r) => [r.id, factsOfRow(r, participants.get(r.id) ?? [])]));
  }

  private async prune(): Promise<void> {
    if (Date.now() - this.lastPrune < 60 * 60 * 1000) return;
    this.lastPrune = Date.now();
    await this.db.chatEvent.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - 24 * 60 * 60 * 1000) } } });
  }
}
