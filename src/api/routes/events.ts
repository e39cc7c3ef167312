import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import { EVENTS_PATH, type AuthState } from '../auth';
import type { ChatsNow, FeedEvent } from '../../events/eventFeed';
import { canSee, type Viewer } from '../../events/visibility';
import type { Role } from '../../../workflows/types';

/** A comment line every 15 s keeps proxies and load balancers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

function frame(e: FeedEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${e.data}\n\n`;
}

/** setTimeout's longest delay (about 24.8 days); an access token lasts 15 minutes anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `GET /api/v1/events`: Server-Sent Events from the shared event feed. A
 * client that reconnects with `Last-Event-ID` first gets what it missed (up
 * to a day back), then the live stream; nothing is sent twice.
 *
 * A stream lasts no longer than what opened it: it ends when its access
 * token expires, and when the attendant's token version changes (a new
 * password, role or a deactivation), they are deactivated or gone, as the
 * feed re-reads them. A change of role or department without revocation
 * re-scopes the open stream. The client reconnects with a fresh token and
 * `Last-Event-ID`.
 */
export function eventRoutes({ events }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>();

  router.get(EVENTS_PATH, async (ctx) => {
    const { id, role, department } = ctx.state.attendant;
    const { version, expiresAt } = ctx.state.token;
    // Judged per event (canSee): re-scoped in place when the attendant's role or department changes.
    const viewer: Viewer = { id, role, department };
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

    let open = true;
    // Set once subscribed; the stream may be closed before (the client leaves) or after.
    const stream: { unsubscribe?: () => void; heartbeat?: NodeJS.Timeout; expiry?: NodeJS.Timeout } = {};
    /** Ends the stream (`why` as a comment, for whoever reads the wire); the client reconnects. */
    const close = (why?: string) => {
      if (!open) return;
      open = false;
      clearInterval(stream.heartbeat);
      clearTimeout(stream.expiry);
      stream.unsubscribe?.();
      if (why) send(`: ${why}\n\n`);
      if (!res.writableEnded) res.end();
    };
    res.on('close', () => close());

    let replayedUpTo = -1;
    let replaying = lastId !== null;
    const held: Array<[FeedEvent[], ChatsNow]> = [];
    const write = (batch: FeedEvent[], chats: ChatsNow) => {
      for (const e of batch) if (e.id > replayedUpTo && canSee(viewer, e, chats)) send(frame(e));
    };
    stream.unsubscribe = await events.subscribe({
      viewer: {
        id,
        recheck: (row) => {
          if (!row || !row.active || row.tokenVersion !== version) return close('access revoked');
          viewer.role = row.role as Role;
          viewer.department = row.department;
        },
      },
      deliver: (batch, chats) => (replaying ? held.push([batch, chats]) : write(batch, chats)),
      end: () => close(),
    });
    // The client left while the stream was being subscribed.
    if (!open) return stream.unsubscribe();
    stream.heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
    if (expiresAt !== null) {
      const left = Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS);
      stream.expiry = setTimeout(() => close('token expired'), left);
      stream.expiry.unref();
    }

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
