import Router from '@koa/router';
import type { z } from 'zod';
import { afterAttendantChange } from '../../assignment/attendantChanges';
import { loadRouting } from '../../assignment/routing';
import { OPEN } from '../../assignment/seats';
import { hashPassword } from '../../auth/passwords';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { notFound } from '../../http/httpError';
import { presentAttendant } from '../presenters';
import { parse } from '../../http/validate';
import { assertPasswordFor, CreateAttendant, UpdateAttendant, UpdateMe } from './attendantSchema';
import { audited, auditBy, fieldNames } from '../../audit/audited';
import type { AuditAction } from '../../audit/actions';

type AttendantInput = Omit<Partial<z.infer<typeof CreateAttendant>>, 'department'> & { department?: string | null };

/** Body fields → row fields: the password becomes a hash, lists and maps become JSON. */
async function toRow(body: AttendantInput) {
  const { password, skills, workingHours, ...rest } = body;
  return {
    ...rest,
    ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}),
    ...(skills !== undefined ? { skills: JSON.stringify(skills) } : {}),
    ...(workingHours !== undefined ? { workingHours: JSON.stringify(workingHours) } : {}),
  };
}

/** Attendants (admin) and `PATCH /api/v1/me` (anyone: own availability). */
export function attendantRoutes(deps: ApiDeps): Router<AuthState> {
  const { db } = deps;
  const router = new Router<AuthState>({ prefix: '/api/v1' });

  /** Open chats per attendant: their load against `maxConcurrent`. */
  async function loads(ids: string[]): Promise<Map<string, number>> {
    const rows = await db.chat.groupBy({
      by: ['attendantId'],
      where: { attendantId: { in: ids }, status: OPEN },
      _count: { _all: true },
    });
    return new Map(rows.map((r) => [r.attendantId!, r._count._all]));
  }
  async function present(row: Parameters<typeof presentAttendant>[0]) {
    return presentAttendant(row, (await loads([row.id])).get(row.id) ?? 0);
  }

  router.patch('/me', async (ctx) => {
    const body = parse(UpdateMe, ctx.request.body);
    const row = await db.attendant.update({ where: { id: ctx.state.attendant.id }, data: body });
    // Becoming available: the queue gives them what waits for them, before this answers.
    await afterAttendantChange(deps, row);
    ctx.body = await present(row);
  });

  // Anyone: whom a chat can be transferred to. Names and departments only (no e-mail, phone or
  // load), so an attendant learns no more of colleagues than a transfer needs.
  router.get('/directory', async (ctx) => {
    const rows = await db.attendant.findMany({
      where: { active: true },
      select: { id: true, name: true, department: true, available: true },
      orderBy: { name: 'asc' },
    });
    const routing = await loadRouting(db);
    const departments = new Set<string>();
    for (const d of [
      ...rows.map((r) => r.department),
      ...routing.rules.map((r) => r.department),
      routing.defaultDepartment,
    ])
      if (d) departments.add(d);
    ctx.body = { attendants: rows, departments: [...departments].sort() };
  });

  const admin = requireRole('admin');
  router.get('/attendants', admin, async (ctx) => {
    const rows = await db.attendant.findMany({ orderBy: { createdAt: 'asc' } });
    const load = await loads(rows.map((r) => r.id));
    ctx.body = { items: rows.map((r) => presentAttendant(r, load.get(r.id) ?? 0)) };
  });
  router.post('/attendants', admin, async (ctx) => {
    const body = parse(CreateAttendant, ctx.request.body);
    const data = (await toRow(body)) as Parameters<typeof db.attendant.create>[0]['data'];
    const row = await audited(
      db,
      auditBy(ctx),
      (tx) => tx.attendant.create({ data }),
      (created) => ({
        action: 'attendant.created',
        target: { type: 'attendant', id: created.id },
        details: { role: created.role },
      }),
    );
    await afterAttendantChange(deps, row);
    ctx.status = 201;
    ctx.body = await present(row);
  });
  router.get('/attendants/:id', admin, async (ctx) => {
    const row = await db.attendant.findUnique({ where: { id: ctx.params.id! } });
    if (!row) throw notFound('attendant');
    ctx.body = await present(row);
  });
  router.patch('/attendants/:id', admin, async (ctx) => {
    const body = parse(UpdateAttendant, ctx.request.body);
    const before = await db.attendant.findUnique({
      where: { id: ctx.params.id! },
      select: { role: true, name: true, email: true },
    });
    if (!before) throw notFound('attendant');
    // The schema judged it against the name and e-mail in the body, if any; here against those stored too.
    if (body.password !== undefined)
      assertPasswordFor(body.password, [body.name, body.email, before.name, before.email]);
    // A new password, another role or a deactivation revokes every token issued before it.
    const revokes =
      body.password !== undefined || (body.role !== undefined && body.role !== before.role) || body.active === false;
    const data = { ...(await toRow(body)), ...(revokes ? { tokenVersion: { increment: 1 } } : {}) };
    const target = { type: 'attendant', id: ctx.params.id! };
    const row = await audited(
      db,
      auditBy(ctx),
      (tx) => tx.attendant.update({ where: { id: target.id }, data }),
      () => attendantEntries(body, before.role, target),
    );
    // Capacity, skills, hours or activation changed: the queue is told now, not at its next check.
    await afterAttendantChange(deps, row);
    ctx.body = await present(row);
  });
  router.delete('/attendants/:id', admin, async (ctx) => {
    // Deactivate rather than delete: messages and history keep their author; their open chats go back to the queue.
    const row = await audited(
      db,
      auditBy(ctx),
      (tx) =>
        tx.attendant.update({
          where: { id: ctx.params.id! },
          data: { active: false, available: false, tokenVersion: { increment: 1 } },
        }),
      (gone) => ({ action: 'attendant.deactivated', target: { type: 'attendant', id: gone.id } }),
    );
    await afterAttendantChange(deps, row);
    ctx.status = 204;
  });
  return router;
}

/**
 * The entries an attendant's PATCH writes, one per kind of change: a new
 * password (`auth.password_changed`, never the password), another role
 * (`attendant.role_changed` with before and after), a deactivation, and the
 * names of the other fields given (`attendant.updated`).
 */
function attendantEntries(
  body: z.infer<typeof UpdateAttendant>,
  roleBefore: string,
  target: { type: string; id: string },
) {
  const entries: Array<{ action: AuditAction; target: typeof target; details?: Record<string, unknown> }> = [];
  if (body.password !== undefined) entries.push({ action: 'auth.password_changed', target });
  if (body.role !== undefined && body.role !== roleBefore)
    entries.push({ action: 'attendant.role_changed', target, details: { before: roleBefore, after: body.role } });
  if (body.active === false) entries.push({ action: 'attendant.deactivated', target });
  const fields = fieldNames(body, ['password', 'role', ...(body.active === false ? ['active'] : [])]);
  if (fields.length > 0) entries.push({ action: 'attendant.updated', target, details: { fields } });
  return entries;
}
