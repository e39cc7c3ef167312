import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { parse } from '../../http/validate';
import { BusinessHoursBody, loadBusinessHours, saveBusinessHours } from '../../calendar/businessHoursSchema';
import type { BusinessHours } from '../../calendar/businessCalendar';
import { audited, auditBy } from '../../audit/audited';

/** `GET|PUT /api/v1/business-hours`: everyone signed in reads (attendants too); admins write. */
export function businessHoursRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/business-hours' });
  router.get('/', requireRole('attendant', 'supervisor', 'admin'), async (ctx) => {
    ctx.body = await loadBusinessHours(db);
  });
  router.put('/', requireRole('admin'), async (ctx) => {
    const hours = parse(BusinessHoursBody, ctx.request.body) as BusinessHours;
    await audited(
      db,
      auditBy(ctx),
      (tx) => saveBusinessHours(tx, hours),
      () => ({ action: 'business_hours.updated' }),
    );
    ctx.body = hours;
  });
  return router;
}
