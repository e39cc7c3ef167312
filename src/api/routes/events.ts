import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import { EVENTS_PATH, type AuthState } from '../auth';
import type { ChatsNow, FeedEvent } from '../../events/eventFeed';
import { canSee, type Viewer } from '../../events/visibility';

/** A comment line every 15 s keeps proxies and load balancers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

function frame(e: FeedEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${e.data}\n\n`;
}

/**
 * `GET /api/v1/events`: Server-Sent Events from the shared event feed. A
 * client that reconnects with `Last-Event-ID` first gets what it missed (up
 * to a day back), then the live stream; nothing is sent twice.
 */
export function eventRoutes({ db, events }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>();

  router.get(EVENTS_PATH, async (ctx) => {
    const { id, role } = ctx.state.attendant;
    const row = await db.attendant.findUnique({ where: { id }, select: { department: true } });
    const viewer: Viewer = { id, role, department: row?.department ?? null };
    const lastHeader =
      ctx.get('last-event-id') || (typeof ctx.query.lastEventId === 'string' ? ctx.query.lastEventId : '');
    const lastId = /^\d{1,15}$/.test(lastHeader) ? Number(lastHeader) : null;

    // The stream is written straight to the socket: Koa's own piping would log every client that leaves.
    ctx.respond = false;
    ctx.status = 200;
    const res = ctx.res;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    const send = (text: string) => {
      if (!res.writableEnded) res.write(text);
    };
    send('retry: 3000\n\n');

    let replayedUpTo = -1;
    let replaying = lastId !== null;
    const held: Array<[FeedEvent[], ChatsNow]> = [];
    const write = (batch: FeedEvent[], chats: ChatsNow) => {
      for (const e of batch) if (e.id > replayedUpTo && canSee(viewer, e, chats)) send(frame(e));
    };
    const unsubscribe = await events.subscribe({
      deliver: (batch, chats) => (replaying ? held.push([batch, chats]) : write(batch, chats)),
      end: () => res.end(),
    });
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });

    if (lastId !== null) {
      const missed = await events.since(lastId);
      write(missed.events, missed.chats);
      replayedUpTo = missed.events.at(-1)?.id ?? lastId;
      replaying = false;
      for (const [batch, chats] of held.splice(0)) write(batch, chats);
    }
  });

  return router;
}
