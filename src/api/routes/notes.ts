import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import type { AuthState } from '../auth';
import { notFound } from '../../http/httpError';
import { parse } from '../../http/validate';
import { decodeCursor, olderThan, page } from '../pagination';
import { readableChats } from '../../chats/readScope';
import { contactsWhere } from '../../contacts/contactAccess';
import { checkMentions, NOTE_AUTHOR, presentNote, writeNote } from '../../chats/notes';
import { ContactNotesQuery, NoteBody } from './noteSchema';

/**
 * Private notes: attendants' own words on a chat, kept in ChatNote and never
 * sent to the customer. Whoever may read a chat may write a note on it
 * (a chat out of reach is a 404, as every chat route); the chat detail lists
 * them, and a contact's notes gather those of the chats the caller may read.
 */
export function noteRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1' });

  router.post('/chats/:chatId/notes', async (ctx) => {
    const body = parse(NoteBody, ctx.request.body);
    const caller = ctx.state.attendant;
    const chat = await db.chat.findFirst({
      where: { id: ctx.params.chatId!, AND: [readableChats(caller)] },
      select: { id: true },
    });
    if (!chat) throw notFound('chat');
    const mentions = await checkMentions(db, body.mentions ?? []);
    const author = await db.attendant.findUniqueOrThrow({ where: { id: caller.id }, select: { id: true, name: true } });
    ctx.status = 201;
    ctx.body = await writeNote(db, { chatId: chat.id, author, content: body.content, mentions });
  });

  router.get('/contacts/:id/notes', async (ctx) => {
    const q = parse(ContactNotesQuery, ctx.query, 'query');
    const caller = ctx.state.attendant;
    const contact = await db.contact.findFirst({
      where: { id: ctx.params.id!, AND: [contactsWhere(caller, 'read')] },
      select: { id: true },
    });
    if (!contact) throw notFound('contact');
    const rows = await db.chatNote.findMany({
      where: {
        // Only the notes of the contact's chats the caller may read: a note is its chat's content.
        chat: { contactId: contact.id, AND: [readableChats(caller)] },
        ...(q.cursor ? olderThan('createdAt', decodeCursor(q.cursor)) : {}),
      },
      include: { ...NOTE_AUTHOR, chat: { select: { protocol: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: q.limit + 1,
    });
    const { items, nextCursor } = page(rows, q.limit, (r) => r.createdAt);
    ctx.body = { items: items.map((n) => ({ ...presentNote(n), protocol: n.chat.protocol })), nextCursor };
  });

  return router;
}
