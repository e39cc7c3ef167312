import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { parse } from '../../http/validate';
import { chatReportCsv, ReportQuery, reportWindow } from '../../metrics/chatReport';
import { auditBy } from '../../audit/audited';
import { recordAudit } from '../../audit/auditLog';

/** `GET /api/v1/reports/chats.csv` (supervisors and admins): one row per chat, streamed (docs/api.md "Reports"). */
export function reportRoutes({ db, logger }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/reports' });
  router.use(requireRole('supervisor', 'admin'));
  router.get('/chats.csv', async (ctx) => {
    const { from, to } = reportWindow(parse(ReportQuery, ctx.query, 'query'));
    // A read: the entry is written alone, before the rows go out.
    await recordAudit(db, {
      ...auditBy(ctx),
      action: 'report.exported',
      target: { type: 'report', id: 'chats' },
      details: { from: from.toISOString(), to: to.toISOString() },
    });
    const day = (d: Date) => d.toISOString().slice(0, 10);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`atendimentos-${day(from)}-${day(to)}.csv`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = chatReportCsv(db, from, to, logger);
  });
  return router;
}
