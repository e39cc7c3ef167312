import type { ChannelSecrets } from '../channelSecrets';
import type { Api } from 'grammy';
import { ChatGateway, type ChannelRef } from '../../chats/gateway';
import type { Db } from '../../db/client';
import type { Logger } from '../../logger';
import { applyInboundEvents } from '../inbound';
import { loadChannel } from '../store';
import type { TelegramClients } from './botApi';
import { TELEGRAM_ALLOWED_UPDATES } from './registration';
import { TelegramUpdate, callbackQueryOf, telegramEvents } from './updates';
import { PollingLeases } from './pollingLease';

const offsetKey = (channelId: string) => `telegram-offset:${channelId}`;
/** How long one getUpdates call waits for news (Telegram's long poll). */
const LONG_POLL_SECONDS = 25;
/**
 * How often the set of polling channels is re-read and each bot's lease renewed: a channel created
 * or switched to polling starts within this.
 */
const RESCAN_MS = 2_000;
/** A bot whose polling process died is taken over by another within this (plus one rescan). */
const LEASE_MS = 8_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Long-polls `getUpdates` for every active Telegram channel in `polling`
 * mode. Hand-written rather than grammY's `bot.start()`: that keeps its
 * offset in memory, and here the offset is confirmed in the database only
 * after an update is durable (recorded by Temporal), so a restart resumes at
 * the first update not yet taken — none lost; one taken but not yet
 * confirmed comes again and is stored once (messages are deduplicated).
 *
 * One process polls a bot (Telegram answers 409 to a second poller): with
 * several API processes, the one holding the bot's lease (pollingLease.ts).
 * A process that loses its lease stops polling that bot at once; another
 * resumes from the confirmed offset.
 */
export class TelegramPolling {
  private readonly pollers = new Map<string, { token: string; stop: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly gateway: ChatGateway;
  private readonly leases: PollingLeases;

  constructor(
    private readonly db: Db,
    gateway: ChatGateway,
    private readonly clients: TelegramClients,
    private readonly log: Logger,
    private readonly secrets: ChannelSecrets,
  ) {
    this.gateway = gateway;
    this.leases = new PollingLeases(db, LEASE_MS);
  }

  async start(): Promise<void> {
    await this.rescan();
    this.timer = setInterval(
      () => void this.rescan().catch((err) => this.log.warn({ err }, 'telegram rescan failed')),
      RESCAN_MS,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const poller of this.pollers.values()) poller.stop.abort();
    await Promise.all([...this.pollers.values()].map((p) => p.done));
    // Handed over at once rather than when the leases expire; a failure here only delays that.
    await Promise.all([...this.pollers.keys()].map((id) => this.leases.release(id).catch(() => undefined)));
    this.pollers.clear();
  }

  /**
   * Starts pollers for the polling channels whose lease this process holds; stops those of channels
   * gone, deactivated, switched, re-keyed, or whose lease went to another process.
   */
  private async rescan(): Promise<void> {
    if (this.stopped) return;
    const rows = await this.db.channel.findMany({ where: { type: 'telegram', active: true }, select: { id: true } });
    const wanted = new Map<string, string>();
    for (const { id } of rows) {
      const channel = await loadChannel(this.db, id, this.secrets);
      const token = channel?.credentials.botToken;
      if (channel?.settings.mode !== 'polling' || typeof token !== 'string') continue;
      // A lease that cannot be renewed (the database away) is not ours: stop rather than risk two pollers.
      if (await this.leases.hold(id).catch(() => false)) wanted.set(id, token);
    }
    for (const [id, poller] of this.pollers) {
      if (wanted.get(id) === poller.token) continue;
      poller.stop.abort();
      await poller.done;
      this.pollers.delete(id);
    }
    for (const [id, token] of wanted) {
      if (this.pollers.has(id) || this.stopped) continue;
      const stop = new AbortController();
      const done = this.poll({ id, type: 'telegram' }, this.clients.forToken(token), stop.signal);
      this.pollers.set(id, { token, stop, done });
    }
  }

  private async poll(channel: ChannelRef, api: Api, signal: AbortSignal): Promise<void> {
    let backoff = 1_000;
    while (!signal.aborted) {
      try {
        const offset = await this.loadOffset(channel.id);
        const updates = await api.getUpdates(
          { offset, timeout: LONG_POLL_SECONDS, allowed_updates: [...TELEGRAM_ALLOWED_UPDATES] },
          // grammY types the signal with its Node shim's AbortSignal; the platform's is the same at run time.
          signal as Parameters<Api['getUpdates']>[1],
        );
        for (const raw of updates) {
          await this.take(channel, raw, api);
          await this.saveOffset(channel.id, raw.update_id + 1);
        }
        backoff = 1_000;
      } catch (err) {
        if (signal.aborted) return;
        this.log.warn({ channelId: channel.id, err: (err as Error).message }, 'telegram polling failed; retrying');
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /** One update, durably; a malformed one is logged and passed over (Telegram cannot be told 400 here). */
  private async take(channel: ChannelRef, raw: unknown, api: Api): Promise<void> {
    const parsed = TelegramUpdate.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(
        { channelId: channel.id, issues: parsed.error.issues.length },
        'telegram update not understood; skipped',
      );
      return;
    }
    await applyInboundEvents(this.gateway, this.db, channel, telegramEvents(parsed.data, new Date()));
    // The survey button's spinner stops; a failure to say so loses nothing.
    const query = callbackQueryOf(parsed.data);
    if (query) await api.answerCallbackQuery(query).catch(() => undefined);
  }

  private async loadOffset(channelId: string): Promise<number | undefined> {
    const row = await this.db.setting.findUnique({ where: { key: offsetKey(channelId) } });
    return row ? Number(JSON.parse(row.value)) : undefined;
  }

  private async saveOffset(channelId: string, offset: number): Promise<void> {
    const value = JSON.stringify(offset);
    await this.db.setting.upsert({
      where: { key: offsetKey(channelId) },
      create: { key: offsetKey(channelId), value },
      update: { value },
    });
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
