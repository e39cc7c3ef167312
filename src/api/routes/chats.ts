import Router from '@koa/router';
import { ChatGateway } from '../../chats/gateway';
import { isTerminal } from '../../../workflows/statusMachine';
import { claimUpdate, releaseUpdate, replyUpdate, resolveUpdate } from '../../../workflows/chat';
import type { ChatStatus, ChatView } from '../../../workflows/types';
import type { ApiDeps } from '../deps';
import type { AuthedContext, AuthState } from '../auth';
import { conflict, notFound } from '../errors';
import { decodeCursor, olderThan, page } from '../pagination';
import { presentChat, presentMessage, presentStatusChange } from '../presenters';
import { parse } from '../validate';
import { ListChatsQuery, ReplyBody, ResolveBody } from './chatSchema';

/** Chat reads come from the database; commands go to the chat's workflow as Updates. */
export function chatRoutes({ db, temporal, taskQueue, chatSettings }: ApiDeps): Router<AuthState> {
  const chats = new ChatGateway(temporal, taskQueue, chatSettings);
  const router = new Router<AuthState>({ prefix: '/api/v1/chats' });

  router.get('/', async (ctx) => {
    const q = parse(ListChatsQuery, ctx.query, 'query');
    const rows = await db.chat.findMany({
      where: {
        ...(q.status ? { status: q.status } : {}),
        ...(q.channelId ? { channelId: q.channelId } : {}),
        ...(q.attendantId ? { attendantId: q.attendantId } : {}),
        ...(q.contactId ? { contactId: q.contactId } : {}),
        ...(q.cursor ? olderThan('startedAt', decodeCursor(q.cursor)) : {}),
      },
      include: { contact: true, channel: true },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: q.limit + 1,
    });
    const { items, nextCursor } = page(rows, q.limit, (r) => r.startedAt);
    ctx.body = { items: items.map(presentChat), nextCursor };
  });

  router.get('/:chatId', async (ctx) => {
    const chat = await db.chat.findUnique({
      where: { id: ctx.params.chatId! },
      include: {
        contact: true,
        channel: true,
        statusChanges: { orderBy: { seq: 'asc' } },
        messages: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
      },
    });
    if (!chat) throw notFound('chat');
    ctx.body = {
      ...presentChat(chat),
      statusHistory: chat.statusChanges.map(presentStatusChange),
      messages: chat.messages.map(presentMessage),
    };
  });

  /** Loads the chat, refuses closed ones early, runs the command on its own workflow run chain. */
  async function command(ctx: AuthedContext, run: (h: ReturnType<ChatGateway['handleOf']>) => Promise<ChatView>) {
    const chatId = (ctx as AuthedContext & { params: Record<string, string> }).params.chatId!;
    const chat = await db.chat.findUnique({ where: { id: chatId }, select: { id: true, workflowId: true, status: true } });
    if (!chat) throw notFound('chat');
    if (isTerminal(chat.status as ChatStatus)) throw conflict('chat_closed', `chat is ${chat.status}`);
    const view = await run(chats.handleOf(chat.workflowId, chat.id));
    ctx.body = {
      id: view.chatId,
      status: view.status,
      priority: view.priority,
      attendantId: view.attendantId,
      statusHistory: view.history.map(({ at, from, to, actor, note }) => ({ at, from, to, actor, note: note ?? null })),
    };
  }

  const actor = (ctx: AuthedContext) => ({ attendantId: ctx.state.attendant.id, role: ctx.state.attendant.role });

  router.post('/:chatId/claim', (ctx) => command(ctx, (h) => h.executeUpdate(claimUpdate, { args: [actor(ctx)] })));
  router.post('/:chatId/release', (ctx) => command(ctx, (h) => h.executeUpdate(releaseUpdate, { args: [actor(ctx)] })));
  router.post('/:chatId/messages', async (ctx) => {
    const { content } = parse(ReplyBody, ctx.request.body);
    await command(ctx, (h) => h.executeUpdate(replyUpdate, { args: [{ ...actor(ctx), content }] }));
  });
  router.post('/:chatId/resolve', async (ctx) => {
    const { note } = parse(ResolveBody, ctx.request.body ?? {});
    await command(ctx, (h) => h.executeUpdate(resolveUpdate, { args: [{ ...actor(ctx), ...(note ? { note } : {}) }] }));
  });

  return router;
}

