import Router from '@koa/router';
import type { z } from 'zod';
import { hashPassword } from '../../auth/passwords';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { notFound } from '../errors';
import { presentAttendant } from '../presenters';
import { parse } from '../validate';
import { CreateAttendant, UpdateAttendant, UpdateMe } from './attendantSchema';

type AttendantInput = Partial<z.infer<typeof CreateAttendant>>;

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
export function attendantRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1' });

  router.patch('/me', async (ctx) => {
    const body = parse(UpdateMe, ctx.request.body);
    const row = await db.attendant.update({ where: { id: ctx.state.attendant.id }, data: body });
    ctx.body = presentAttendant(row);
  });

  const admin = requireRole('admin');
  router.get('/attendants', admin, async (ctx) => {
    const rows = await db.attendant.findMany({ orderBy: { createdAt: 'asc' } });
    ctx.body = { items: rows.map(presentAttendant) };
  });
  router.post('/attendants', admin, async (ctx) => {
    const body = parse(CreateAttendant, ctx.request.body);
    const row = await db.attendant.create({
      data: (await toRow(body)) as Parameters<typeof db.attendant.create>[0]['data'],
    });
    ctx.status = 201;
    ctx.body = presentAttendant(row);
  });
  router.get('/attendants/:id', admin, async (ctx) => {
    const row = await db.attendant.findUnique({ where: { id: ctx.params.id! } });
    if (!row) throw notFound('attendant');
    ctx.body = presentAttendant(row);
  });
  router.patch('/attendants/:id', admin, async (ctx) => {
    const body = parse(UpdateAttendant, ctx.request.body);
    const row = await db.attendant.update({ where: { id: ctx.params.id! }, data: await toRow(body) });
    ctx.body = presentAttendant(row);
  });
  router.delete('/attendants/:id', admin, async (ctx) => {
    // Deactivate rather than delete: messages and history keep their author.
    await db.attendant.update({ where: { id: ctx.params.id! }, data: { active: false, available: false } });
    ctx.status = 204;
  });
  return router;
}
