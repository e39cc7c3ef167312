import Router from '@koa/router';
import { auditActor } from '../auth';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { notFound } from '../../http/httpError';
import { parse } from '../../http/validate';
import { recordAudit } from '../../audit/auditLog';
import { buildContactExport } from '../../privacy/contactExport';
import { eraseContact } from '../../privacy/erasure';

/** Why a person's data is erased (the request's reference, not their data: it is kept with the receipt). */
export const EraseContact = z
  .object({ reason: z.string().trim().min(3).max(500) })
  .strict()
  .meta({ description: 'Why (e.g. the LGPD request number); write no personal data here' });

/** A person's data: their export (supervisors, admins) and their erasure (admins), docs/api.md "Privacy". */
export function privacyRoutes(deps: ApiDeps): Router<AuthState> {
  const { db } = deps;
  const router = new Router<AuthState>({ prefix: '/api/v1/contacts' });

  router.get('/:id/export', requireRole('supervisor', 'admin'), async (ctx) => {
    const built = await buildContactExport(db, deps.channels.media, ctx.params.id!);
    if (!built) throw notFound('contact');
    const { contactId, chats, messages, notes, files } = built;
    await recordAudit(db, {
      actor: auditActor(ctx.state),
      action: 'contact.exported',
      target: { type: 'contact', id: contactId },
      details: { chats, messages, notes, files },
      ip: ctx.ip,
    });
    ctx.set('content-disposition', `attachment; filename="contact-${contactId}.zip"`);
    ctx.type = 'application/zip';
    ctx.body = built.stream();
  });

  router.post('/:id/erase', requireRole('admin'), async (ctx) => {
    const { reason } = parse(EraseContact, ctx.request.body);
    ctx.body = await eraseContact(
      {
        db,
        media: deps.channels.media,
        temporal: deps.temporal,
        gateway: deps.gateway,
        logger: deps.logger,
        dataKeys: deps.dataKeys,
      },
      ctx.params.id!,
      { attendantId: ctx.state.attendant.id, reason, ip: ctx.ip },
    );
  });

  return router;
}
