import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import type { AuthState } from '../auth';
import { HttpError, notFound } from '../../http/httpError';
import { parse } from '../../http/validate';
import { readableChats } from '../../chats/readScope';
import { latestMessage, markRead } from '../../chats/readState';
import { MarkReadBody } from './chatReadSchema';
import { presenceOf } from '../presence';

/**
 * Read state (docs/api.md, "Read state"): `POST /api/v1/chats/:chatId/read`
 * marks what the caller has seen of a chat they may read (else 404), and
 * answers where they stand. The lists and the detail carry `unread`
 * (src/chats/readState.ts).
 */
export function chatReadRoutes(deps: ApiDeps): Router<AuthState> {
  const { db } = deps;
  const presence = presenceOf(deps);
  const router = new Router<AuthState>({ prefix: '/api/v1/chats' });

  router.post('/:chatId/read', async (ctx) => {
    const body = parse(MarkReadBody, ctx.request.body ?? {});
    const caller = ctx.state.attendant;
    const chat = await db.chat.findFirst({
      where: { id: ctx.params.chatId!, AND: [readableChats(caller)] },
      select: { id: true, channelId: true, externalChatId: true, attendantId: true },
    });
    if (!chat) throw notFound('chat');
    const message = body.messageId
      ? await db.message.findFirst({
          where: { id: body.messageId, chatId: chat.id },
          select: { id: true, createdAt: true },
        })
      : await latestMessage(db, chat.id);
    if (body.messageId && !message) {
      throw new HttpError(400, 'invalid_request', 'body.messageId: not a message of this chat', [
        { path: 'body.messageId', message: 'not a message of this chat' },
      ]);
    }
    ctx.body = await markRead(db, caller.id, chat.id, message);
    // The chat's own attendant has seen it: on WhatsApp the customer's message shows read (best-effort, not awaited).
    if (chat.attendantId === caller.id) void presence.openedByAttendant(chat);
  });

  return router;
}
