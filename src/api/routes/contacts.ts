import Router from '@koa/router';
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../db/client';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthedContext, type AuthState } from '../auth';
import { conflict, HttpError, notFound } from '../../http/httpError';
import { readRawBody } from '../../http/rawBody';
import { parse } from '../../http/validate';
import { wellFormedText } from '../../text/wellFormedText';
import { decodeCursor, olderThan, page } from '../pagination';
import { contactsWhere } from '../../contacts/contactAccess';
import { cpfDigits, normalEmail } from '../../contacts/contactFields';
import { createContact, presentContactRecord, updateContact, type ContactRow } from '../../contacts/contactStore';
import { contactsCsv, CsvFileError, readContactsCsv } from '../../contacts/csv';
import { duplicatePairs } from '../../contacts/duplicates';
import { mergeContacts } from '../../contacts/merge';
import { normalizePhone } from '../../contacts/phone';
import { CreateContact, ExportQuery, ListContactsQuery, MergeContact, UpdateContact } from './contactSchema';
import { auditBy } from '../../audit/audited';
import { recordAudit } from '../../audit/auditLog';

const IMPORT_LIMIT = '5mb';

/**
 * `q` as plain column filters: a name's beginning (as typed, or with its
 * first letter capitalised), a phone in any format, an e-mail's beginning, a
 * CPF with or without punctuation. Full-text search is `GET /api/v1/search`.
 */
function matching(q: string): Prisma.ContactWhereInput {
  const capitalised = q.charAt(0).toLocaleUpperCase('pt-BR') + q.slice(1);
  const or: Prisma.ContactWhereInput[] = [{ name: { startsWith: q } }, { name: { startsWith: capitalised } }];
  const phone = /\d{8}/.test(q.replace(/\D/g, '')) ? normalizePhone(q) : null;
  if (phone) or.push({ phone });
  const cpf = cpfDigits(q);
  if (cpf) or.push({ cpf });
  if (q.includes('@')) or.push({ email: { startsWith: normalEmail(q) ?? q.toLowerCase() } });
  return { OR: or };
}

/** A contact with its identities and its chats, newest first. */
async function contactDetail(db: Db, row: ContactRow) {
  const [identities, chats] = await Promise.all([
    db.contactIdentity.findMany({
      where: { contactId: row.id },
      include: { channel: { select: { type: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    db.chat.findMany({
      where: { contactId: row.id },
      include: { channel: { select: { id: true, type: true, name: true } } },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    }),
  ]);
  return {
    ...presentContactRecord(row),
    identities: identities.map((i) => ({
      channelId: i.channelId,
      channelType: i.channel.type,
      externalId: i.externalId,
    })),
    // Every chat of the person (opening one still follows that chat's own access).
    chats: chats.map((c) => ({
      id: c.id,
      protocol: c.protocol,
      status: c.status,
      channel: c.channel,
      startedAt: c.startedAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
    })),
  };
}

/** The contacts API: reads and edits under the chats' access policy; merge, duplicates, export and import for supervisors and admins. */
export function contactRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/contacts' });
  const supervisors = requireRole('supervisor', 'admin');
  const source = (ctx: AuthedContext) => ({ source: 'attendant' as const, attendantId: ctx.state.attendant.id });

  async function reachable(ctx: AuthedContext, id: string, action: 'read' | 'editContact'): Promise<ContactRow> {
    const row = await db.contact.findFirst({ where: { id, AND: [contactsWhere(ctx.state.attendant, action)] } });
    if (row) return row;
    // As a chat's commands: one they may read but not edit is a 409 `not_assignee`, one they may not read a 404.
    const readable = { id, AND: [contactsWhere(ctx.state.attendant, 'read')] };
    if (action === 'editContact' && (await db.contact.count({ where: readable })) > 0)
      throw conflict('not_assignee', "caller holds none of the contact's chats");
    throw notFound('contact');
  }

  router.get('/', async (ctx) => {
    const q = parse(ListContactsQuery, ctx.query, 'query');
    const rows = await db.contact.findMany({
      where: {
        AND: [
          contactsWhere(ctx.state.attendant, 'read'),
          ...(q.q ? [matching(q.q)] : []),
          ...(q.cursor ? [olderThan('createdAt', decodeCursor(q.cursor))] : []),
        ],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: q.limit + 1,
    });
    const { items, nextCursor } = page(rows, q.limit, (r) => r.createdAt);
    ctx.body = { items: items.map(presentContactRecord), nextCursor };
  });

  // A contact without chats is reached by supervisors and admins alone: they make them (channels make the rest).
  router.post('/', supervisors, async (ctx) => {
    const body = parse(CreateContact, ctx.request.body);
    const row = await createContact(db, body, source(ctx));
    ctx.status = 201;
    ctx.body = await contactDetail(db, row);
  });

  router.get('/duplicates', supervisors, async (ctx) => {
    ctx.body = { items: await duplicatePairs(db) };
  });

  router.get('/export', supervisors, async (ctx) => {
    const { format } = parse(ExportQuery, ctx.query, 'query');
    const rows = await db.contact.findMany({
      where: { erasedAt: null },
      include: { identities: { include: { channel: { select: { type: true } } } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    // A read: the entry is written alone, before the list goes out (counts only, never a contact).
    await recordAudit(db, {
      ...auditBy(ctx),
      action: 'report.exported',
      target: { type: 'report', id: 'contacts' },
      details: { format, rows: rows.length },
    });
    ctx.set('content-disposition', `attachment; filename="contacts.${format}"`);
    if (format === 'csv') {
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = contactsCsv(rows);
      return;
    }
    ctx.body = {
      items: rows.map((row) => ({
        ...presentContactRecord(row),
        identities: row.identities.map((i) => ({
          channelId: i.channelId,
          channelType: i.channel.type,
          externalId: i.externalId,
        })),
      })),
    };
  });

  router.post('/import', supervisors, async (ctx) => {
    if (!ctx.is('text/csv')) throw new HttpError(415, 'unsupported_media_type', 'body must be text/csv');
    const text = wellFormedText(new TextDecoder('utf-8').decode(await readRawBody(ctx, IMPORT_LIMIT)));
    let lines;
    try {
      lines = readContactsCsv(text);
    } catch (err) {
      if (err instanceof CsvFileError) throw new HttpError(400, 'invalid_request', `body: ${err.message}`);
      throw err;
    }
    const refused: Array<{ line: number; reason: string }> = [];
    let imported = 0;
    const by = { source: 'import' as const, attendantId: ctx.state.attendant.id };
    // One transaction a line: a refused line changes nothing, the others are imported.
    for (const { line, fields, reason } of lines) {
      if (!fields) {
        refused.push({ line, reason: reason! });
        continue;
      }
      try {
        await createContact(db, fields, by);
        imported++;
      } catch (err) {
        if (err instanceof HttpError && err.status === 409) refused.push({ line, reason: err.message });
        else if ((err as { code?: unknown }).code === 'P2002')
          refused.push({ line, reason: 'phone: another contact already has this phone' });
        else throw err;
      }
    }
    ctx.body = { imported, refused };
  });

  router.get('/:id', async (ctx) => {
    ctx.body = await contactDetail(db, await reachable(ctx, ctx.params.id!, 'read'));
  });

  router.patch('/:id', async (ctx) => {
    const body = parse(UpdateContact, ctx.request.body);
    await reachable(ctx, ctx.params.id!, 'editContact');
    const row = await updateContact(db, ctx.params.id!, body, source(ctx));
    if (!row) throw notFound('contact');
    ctx.body = await contactDetail(db, row);
  });

  router.post('/:id/merge', supervisors, async (ctx) => {
    const { contactId } = parse(MergeContact, ctx.request.body);
    await mergeContacts(db, ctx.params.id!, contactId, `attendant:${ctx.state.attendant.id}`, ctx.ip || null);
    const row = await db.contact.findUnique({ where: { id: ctx.params.id! } });
    if (!row) throw notFound('contact');
    ctx.body = await contactDetail(db, row);
  });

  return router;
}
