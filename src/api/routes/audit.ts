import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { HttpError } from '../../http/httpError';
import { parse } from '../../http/validate';
import { decodeCursor, encodeCursor } from '../pagination';
import { auditCsv, auditPage } from '../../audit/auditQuery';
import { auditBy } from '../../audit/audited';
import { recordAudit } from '../../audit/auditLog';
import { AuditCsvQuery, ListAuditQuery } from './auditSchema';

/**
 * `GET /api/v1/audit` and `GET /api/v1/audit.csv` (admins): the audit log,
 * newest first. Reads only: no route changes or deletes an entry (the table
 * refuses updates itself; deletes are the retention job's).
 */
export function auditRoutes({ db, logger }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1' });
  const admin = requireRole('admin');

  router.get('/audit', admin, async (ctx) => {
    const { limit, cursor, ...filters } = parse(ListAuditQuery, ctx.query, 'query');
    let beforeId: number | undefined;
    if (cursor !== undefined) {
      beforeId = Number(decodeCursor(cursor).id);
      if (!Number.isSafeInteger(beforeId))
        throw new HttpError(400, 'invalid_request', 'query.cursor: not a cursor this API issued');
    }
    const { items, more } = await auditPage(db, filters, limit, beforeId);
    const last = items.at(-1);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { items, nextCursor: more && last ? encodeCursor(new Date(last.at), String(last.id)) : null };
  });

  // Reading the whole log out is itself recorded (`report.exported`, report "audit", with the filters).
  router.get('/audit.csv', admin, async (ctx) => {
    const filters = parse(AuditCsvQuery, ctx.query, 'query');
    await recordAudit(db, {
      ...auditBy(ctx),
      action: 'report.exported',
      target: { type: 'report', id: 'audit' },
      details: { ...filters },
    });
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`auditoria-${new Date().toISOString().slice(0, 10)}.csv`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = auditCsv(db, filters, logger);
  });
  return router;
}
