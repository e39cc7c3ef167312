import Router from '@koa/router';
import { z } from 'zod';
import { readQueue } from '../../assignment/queueView';
import { chatsWhere } from '../../chats/readScope';
import type { ApiDeps } from '../deps';
import type { AuthState } from '../auth';
import { parse } from '../../http/validate';
import { unreadCounts } from '../../chats/readState';

const QueueQuery = z.object({ department: z.string().trim().min(1).max(100).optional() });

/** `GET /api/v1/queue`: chats waiting for a person, in the order they will be assigned, and why they wait. */
export function queueRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/queue' });
  router.get('/', async (ctx) => {
    const { department } = parse(QueueQuery, ctx.query, 'query');
    // Each caller sees what they may take: an attendant their department's queue, supervisors all of it.
    const items = await readQueue(db, { department, scope: chatsWhere(ctx.state.attendant, 'claim') });
    // The caller's unread customer messages of each queued chat, in one grouped count (src/chats/readState.ts).
    const unread = await unreadCounts(
      db,
      ctx.state.attendant.id,
      items.map((i) => i.chatId),
    );
    ctx.body = { items: items.map((i) => ({ ...i, unread: unread.get(i.chatId) ?? 0 })) };
  });
  return router;
}
