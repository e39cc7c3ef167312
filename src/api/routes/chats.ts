import Router from '@koa/router';
import type { ChatGateway } from '../../chats/gateway';
import { isTerminal } from '../../../workflows/statusMachine';
import {
  claimUpdate,
  holdUpdate,
  releaseUpdate,
  replyUpdate,
  resolveUpdate,
  transferUpdate,
  unholdUpdate,
} from '../../../workflows/chat';
import { HoldBody } from './holdSchema';
import { loadRouting } from '../../assignment/routing';
import { knownDepartments } from '../../assignment/queueView';
import type { AttendantActor, ChatStatus, ChatView } from '../../../workflows/types';
import { can, REFUSAL_MESSAGES, refusalOf, type ChatAction } from '../../../workflows/chatAccess';
import type { ApiDeps } from '../deps';
import type { AuthedContext, AuthState } from '../auth';
import { conflict, HttpError, notFound } from '../../http/httpError';
import { decodeCursor, olderThan, page } from '../pagination';
import { presentChat, presentMessage, presentStatusChange } from '../presenters';
import { parse } from '../../http/validate';
import { CHAT_FACT_COLUMNS, factsOfRow, readableChats } from '../../chats/readScope';
import { ListChatsQuery, ReplyBody, ResolveBody, TemplateBody, TransferBody } from './chatSchema';
import { assertInsideServiceWindow, serviceWindowOf } from '../../channels/whatsapp/serviceWindow';
import { presenceOf } from '../presence';
import { templateComponents } from '../../channels/whatsapp/templates';
import { KeptAttachment } from '../../media/keepAttachment';
import { commandRefused } from '../errors';
import { cannedForReply, type CannedUse } from '../../cannedResponses/cannedResponses';
import { NOTE_AUTHOR, presentNote, writeNote } from '../../chats/notes';
import { CHAT_TAGS_INCLUDE, addChatTags, nameKey } from '../../tags/tags';
import { reasonForResolve } from '../../tags/resolution';
import { unreadCounts, unreadOf } from '../../chats/readState';

/** Chat reads come from the database; commands go to the chat's workflow as Updates. */
export function chatRoutes(deps: ApiDeps): Router<AuthState> {
  const { db, gateway, channels } = deps;
  const presence = presenceOf(deps);
  const router = new Router<AuthState>({ prefix: '/api/v1/chats' });

  router.get('/', async (ctx) => {
    const q = parse(ListChatsQuery, ctx.query, 'query');
    const rows = await db.chat.findMany({
      where: {
        AND: [
          readableChats(ctx.state.attendant),
          // ?tag=: every tag named (the same name space as the catalogue's, case ignored).
          ...(q.tag ?? []).map((t) => ({ chatTags: { some: { tag: { nameKey: nameKey(t), archivedAt: null } } } })),
        ],
        ...(q.status ? { status: q.status } : {}),
        ...(q.channelId ? { channelId: q.channelId } : {}),
        ...(q.attendantId ? { attendantId: q.attendantId } : {}),
        ...(q.contactId ? { contactId: q.contactId } : {}),
        ...(q.protocol ? { protocol: q.protocol } : {}),
        ...(q.cursor ? olderThan('startedAt', decodeCursor(q.cursor)) : {}),
      },
      include: { contact: true, channel: true, ...CHAT_TAGS_INCLUDE },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: q.limit + 1,
    });
    const { items, nextCursor } = page(rows, q.limit, (r) => r.startedAt);
    // The caller's unread customer messages, for the whole page at once (src/chats/readState.ts).
    const unread = await unreadCounts(
      db,
      ctx.state.attendant.id,
      items.map((c) => c.id),
    );
    ctx.body = { items: items.map((c) => ({ ...presentChat(c), unread: unread.get(c.id) ?? 0 })), nextCursor };
  });

  router.get('/:chatId', async (ctx) => {
    const chat = await db.chat.findFirst({
      where: { id: ctx.params.chatId!, AND: [readableChats(ctx.state.attendant)] },
      include: {
        contact: true,
        channel: true,
        ...CHAT_TAGS_INCLUDE,
        statusChanges: { orderBy: { seq: 'asc' } },
        messages: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
        notes: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: NOTE_AUTHOR },
      },
    });
    if (!chat) throw notFound('chat');
    const notes = chat.notes.map(presentNote);
    const incidents = await db.chatIncident.findMany({ where: { chatId: chat.id }, orderBy: { at: 'asc' } });
    // Its attendant opened it: the customer sees their message read (WhatsApp), in the background.
    if (chat.attendantId === ctx.state.attendant.id && !isTerminal(chat.status as ChatStatus)) {
      void presence.openedByAttendant(chat);
    }
    const lastFromCustomer = [...chat.messages].reverse().find((m) => m.sender === 'customer')?.createdAt ?? null;
    ctx.body = {
      ...presentChat(chat),
      unread: await unreadOf(db, ctx.state.attendant.id, chat.id),
      // WhatsApp's 24-hour window for free-form replies; other channels have none.
      serviceWindow: chat.channel.type === 'whatsapp' ? serviceWindowOf(lastFromCustomer) : null,
      statusHistory: chat.statusChanges.map(presentStatusChange),
      messages: chat.messages.map(presentMessage),
      // Private notes, oldest first (never sent to the customer), and the last transfer's note, shown first to whoever holds it now.
      notes,
      handoffNote: [...notes].reverse().find((n) => n.kind === 'transfer') ?? null,
      // Steps the chat skipped because the database refused them for good (see workflows/incidents.ts).
      incidents: incidents.map(({ step, reason, ref, at }) => ({ step, reason, ref, at: at.toISOString() })),
    };
  });

  type Handle = ReturnType<ChatGateway['handleOf']>;
  type Command = AttendantActor & { chatId: string };

  /**
   * Checks the access policy against the chat as recorded (404 when the
   * caller may not read it, 409 when they may read but not do this), refuses
   * closed chats early, then sends the command to the chat's workflow, whose
   * validator checks the same policy against the live state.
   */
  async function command(
    ctx: AuthedContext,
    action: ChatAction,
    run: (h: Handle, command: Command) => Promise<ChatView>,
    check?: (chat: { id: string; channelType: string }) => Promise<void>,
  ) {
    const chatId = (ctx as AuthedContext & { params: Record<string, string> }).params.chatId!;
    const caller = ctx.state.attendant;
    const chat = await db.chat.findFirst({
      where: { id: chatId, AND: [readableChats(caller)] },
      select: { id: true, workflowId: true, ...CHAT_FACT_COLUMNS, channel: { select: { type: true } } },
    });
    if (!chat) throw notFound('chat');
    if (isTerminal(chat.status as ChatStatus)) throw conflict('chat_closed', `chat is ${chat.status}`);
    const facts = factsOfRow(chat);
    if (!can(caller, action, facts)) {
      const refusal = refusalOf(action, facts);
      throw conflict(refusal === 'NotInQueue' ? 'not_in_queue' : 'not_assignee', REFUSAL_MESSAGES[refusal]);
    }
    await check?.({ id: chat.id, channelType: chat.channel.type });
    const actor = { chatId: chat.id, attendantId: caller.id, role: caller.role, department: caller.department };
    const view = await run(gateway.handleOf(chat.workflowId), actor);
    ctx.body = {
      id: view.chatId,
      status: view.status,
      priority: view.priority,
      attendantId: view.attendantId,
      department: view.department,
      statusHistory: view.history.map(({ at, from, to, actor: by, note }) => ({
        at,
        from,
        to,
        actor: by,
        note: note ?? null,
      })),
    };
  }

  /** Fails early on a target that cannot exist; capacity itself is the workflow's seat to decide (src/assignment/seats.ts). */
  async function assertTransferTarget(body: { attendantId: string } | { department: string }): Promise<void> {
    if ('attendantId' in body) {
      const target = await db.attendant.findUnique({ where: { id: body.attendantId }, select: { active: true } });
      if (!target) throw notFound('attendant');
      if (!target.active) throw conflict('attendant_inactive', 'attendant is not active');
      return;
    }
    const routing = await loadRouting(db);
    const routed = [...routing.rules.flatMap((r) => (r.department ? [r.department] : [])), routing.defaultDepartment];
    const known = await knownDepartments(
      db,
      routed.filter((d): d is string => d !== undefined),
    );
    if (!known.has(body.department)) {
      throw new HttpError(
        400,
        'invalid_request',
        'body.department: no attendant, routing rule or channel has this department',
        [{ path: 'body.department', message: 'unknown department' }],
      );
    }
  }

  router.post('/:chatId/claim', (ctx) => command(ctx, 'claim', (h, a) => h.executeUpdate(claimUpdate, { args: [a] })));
  router.post('/:chatId/release', (ctx) =>
    command(ctx, 'release', (h, a) => h.executeUpdate(releaseUpdate, { args: [a] })),
  );
  router.post('/:chatId/messages', async (ctx) => {
    const body = parse(ReplyBody, ctx.request.body);
    let kept: KeptAttachment | undefined;
    let canned: CannedUse | undefined;
    const cannedIds = [...(body.cannedResponseId ? [body.cannedResponseId] : []), ...(body.cannedResponseIds ?? [])];
    try {
      await command(
        ctx,
        'reply',
        (h, a) => {
          const attachment = kept?.file ?? canned?.attachment;
          return h.executeUpdate(replyUpdate, {
            args: [{ ...a, content: canned?.content ?? body.content ?? '', ...(attachment ? { attachment } : {}) }],
          });
        },
        async (chat) => {
          if (chat.channelType === 'whatsapp') await assertInsideServiceWindow(db, chat.id);
          if (cannedIds.length > 0) {
            const edited = body.content || undefined;
            canned = await cannedForReply(db, channels.media, ctx.state.attendant, chat.id, cannedIds, edited);
          }
          // Kept last, once the access policy and every check passed, and before the command, so the
          // workflow only ever names a file that exists; taken back below if the workflow refuses.
          if (body.attachment) kept = await KeptAttachment.keep(channels.media, body.attachment);
        },
      );
      await kept?.accepted();
      await canned?.used();
    } catch (err) {
      if (kept && commandRefused(err)) await kept.refused(db);
      throw err;
    } finally {
      kept?.release();
      canned?.release();
    }
  });
  router.post('/:chatId/template', async (ctx) => {
    const { variables, ...body } = parse(TemplateBody, ctx.request.body);
    // `variables` fill the body's {{1}}, {{2}}… in order: the Graph API's components, written for the caller.
    const template = { ...body, ...(variables ? { components: templateComponents(variables) } : {}) };
    const shown = variables?.length
      ? `[template ${template.name}: ${variables.join(' | ')}]`
      : `[template ${template.name}]`;
    await command(
      ctx,
      'reply',
      (h, a) => h.executeUpdate(replyUpdate, { args: [{ ...a, content: shown, template }] }),
      async (chat) => {
        if (chat.channelType !== 'whatsapp') {
          throw conflict('templates_unsupported', 'message templates are a WhatsApp feature');
        }
      },
    );
  });
  /**
   * The chat's attendant is typing: the customer's channel shows it
   * (src/channels/typing.ts). 204 at once, whatever the channel answers; at
   * most one channel call per chat every 5 s however often this is called.
   */
  router.post('/:chatId/typing', async (ctx) => {
    const caller = ctx.state.attendant;
    const chat = await db.chat.findFirst({
      where: { id: ctx.params.chatId!, AND: [readableChats(caller)] },
      select: { id: true, channelId: true, externalChatId: true, ...CHAT_FACT_COLUMNS },
    });
    if (!chat) throw notFound('chat');
    if (isTerminal(chat.status as ChatStatus)) throw conflict('chat_closed', `chat is ${chat.status}`);
    const facts = factsOfRow(chat);
    // Only the one who may reply is typing a reply.
    if (!can(caller, 'reply', facts)) throw conflict('not_assignee', REFUSAL_MESSAGES[refusalOf('reply', facts)]);
    void presence.typing.typing(chat);
    ctx.status = 204;
  });
  router.post('/:chatId/transfer', async (ctx) => {
    const { note, ...body } = parse(TransferBody, ctx.request.body);
    await assertTransferTarget(body);
    const target = 'attendantId' in body ? { toAttendantId: body.attendantId } : { toDepartment: body.department };
    await command(ctx, 'transfer', (h, a) => h.executeUpdate(transferUpdate, { args: [{ ...a, ...target }] }));
    // The note is written here, once the workflow accepted the transfer (a refusal throws above, so it writes
    // nothing), rather than carried by the Update: the workflow and its history stay as they are, and a note is
    // the API's to write (ChatNote, never a message). The caller took part in the chat, so they still read it.
    if (note) {
      const author = await db.attendant.findUniqueOrThrow({
        where: { id: ctx.state.attendant.id },
        select: { id: true, name: true },
      });
      await writeNote(db, { chatId: ctx.params.chatId!, author, content: note, kind: 'transfer' });
    }
  });
  // On hold (workflows/onHold.ts): until a time or the customer's next message; `unhold` gives it back to its attendant.
  router.post('/:chatId/hold', async (ctx) => {
    const body = parse(HoldBody, ctx.request.body ?? {});
    await command(ctx, 'hold', (h, a) => h.executeUpdate(holdUpdate, { args: [{ ...a, ...body }] }));
  });
  router.post('/:chatId/unhold', (ctx) => command(ctx, 'hold', (h, a) => h.executeUpdate(unholdUpdate, { args: [a] })));
  router.post('/:chatId/resolve', async (ctx) => {
    const { note, reason } = parse(ResolveBody, ctx.request.body ?? {});
    // The contact reason is checked before the workflow resolves (nothing changes on a refusal), recorded after.
    let reasonTagId: string | null = null;
    await command(
      ctx,
      'resolve',
      (h, a) => h.executeUpdate(resolveUpdate, { args: [{ ...a, ...(note ? { note } : {}) }] }),
      async (chat) => {
        reasonTagId = await reasonForResolve(db, chat.id, reason);
      },
    );
    if (reasonTagId) await addChatTags(db, ctx.params.chatId!, [reasonTagId], `attendant:${ctx.state.attendant.id}`);
  });

  return router;
}
