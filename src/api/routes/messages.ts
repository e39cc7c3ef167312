import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import type { AuthState } from '../auth';
import { decodeCursor, olderThan, page } from '../pagination';
import { presentMessage } from '../presenters';
import { parse } from '../../http/validate';
import { ListMessagesQuery } from './chatSchema';
import { mediaOfMessage } from '../../channels/mediaOfMessage';
import { readableChats } from '../../chats/readScope';
import { notFound } from '../../http/httpError';
import { MEDIA_CSP, servedMediaType } from '../../media/servedType';

/** `GET /api/v1/messages`: newest first, filtered by chat, contact or attendant. */
export function messageRoutes({ db, channels }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/messages' });
  router.get('/', async (ctx) => {
    const q = parse(ListMessagesQuery, ctx.query, 'query');
    const rows = await db.message.findMany({
      where: {
        chat: { AND: [readableChats(ctx.state.attendant)], ...(q.contactId ? { contactId: q.contactId } : {}) },
        ...(q.chatId ? { chatId: q.chatId } : {}),
        ...(q.attendantId ? { attendantId: q.attendantId } : {}),
        ...(q.cursor ? olderThan('createdAt', decodeCursor(q.cursor)) : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: q.limit + 1,
    });
    const { items, nextCursor } = page(rows, q.limit, (r) => r.createdAt);
    ctx.body = { items: items.map(presentMessage), nextCursor };
  });

  /**
   * The message's file: from the media store, fetched from the channel the
   * first time it is asked for. Always a download, sandboxed, and never of a
   * type a browser runs as a document (see servedMediaType).
   */
  router.get('/:id/media', async (ctx) => {
    const readable = await db.message.count({
      where: { id: ctx.params.id!, chat: readableChats(ctx.state.attendant) },
    });
    if (readable === 0) throw notFound('media');
    const file = await mediaOfMessage(db, channels, ctx.params.id!);
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('content-security-policy', MEDIA_CSP);
    ctx.set('cache-control', 'private, max-age=86400, immutable');
    // attachment() also guesses a type from the name's extension: the type set next replaces it.
    ctx.attachment(file.filename ?? `${ctx.params.id}`);
    ctx.type = servedMediaType(file.mimeType);
    ctx.body = channels.media.stream(file.sha256!);
  });
  return router;
}
