import Router from '@koa/router';
import { requireRole, type AuthState } from '../auth';
import type { ApiDeps } from '../deps';
import { notFound } from '../../http/httpError';
import { presentTraining } from '../presenters';
import { parse } from '../../http/validate';
import { CreateTraining, replaceTraining, TrainingTag } from '../../bot/knowledge/trainingSchema';
import { ListTrainingsQuery } from './trainingSchema';
import { audited, auditBy } from '../../audit/audited';

/**
 * The bot's knowledge (admin or supervisor). The worker notices any change
 * at its next message and rebuilds its index (see DbKnowledge).
 */
export function trainingRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/trainings' });
  router.use(requireRole('admin', 'supervisor'));

  const tagParam = (raw: string | undefined) => parse(TrainingTag, raw, 'params.tag');

  // Ordered by tag; the cursor is the last tag of the page.
  router.get('/', async (ctx) => {
    const q = parse(ListTrainingsQuery, ctx.query, 'query');
    const rows = await db.training.findMany({
      where: {
        ...(q.group !== undefined ? { group: q.group } : {}),
        ...(q.finished !== undefined ? { finished: q.finished } : {}),
        ...(q.cursor !== undefined ? { tag: { gt: q.cursor } } : {}),
      },
      orderBy: { tag: 'asc' },
      take: q.limit + 1,
    });
    const items = rows.slice(0, q.limit);
    ctx.body = { items: items.map(presentTraining), nextCursor: rows.length > q.limit ? items.at(-1)!.tag : null };
  });

  router.post('/', async (ctx) => {
    const body = parse(CreateTraining, ctx.request.body);
    const row = await audited(
      db,
      auditBy(ctx),
      (tx) =>
        tx.training.create({
          data: {
            tag: body.tag,
            group: body.group,
            documents: JSON.stringify(body.documents),
            finished: body.finished,
          },
        }),
      () => ({ action: 'training.created', target: { type: 'training', id: body.tag } }),
    );
    ctx.status = 201;
    ctx.body = presentTraining(row);
  });

  router.get('/:tag', async (ctx) => {
    const row = await db.training.findUnique({ where: { tag: tagParam(ctx.params.tag) } });
    if (!row) throw notFound('training');
    ctx.body = presentTraining(row);
  });

  router.put('/:tag', async (ctx) => {
    const tag = tagParam(ctx.params.tag);
    const body = parse(replaceTraining(tag), ctx.request.body);
    const data = { group: body.group, documents: JSON.stringify(body.documents), finished: body.finished };
    const existing = await db.training.findUnique({ where: { tag } });
    if (!existing) throw notFound('training');
    const row = await audited(
      db,
      auditBy(ctx),
      (tx) => tx.training.update({ where: { tag }, data }),
      () => ({ action: 'training.updated', target: { type: 'training', id: tag } }),
    );
    ctx.body = presentTraining(row);
  });

  router.delete('/:tag', async (ctx) => {
    const tag = tagParam(ctx.params.tag);
    // Nothing deleted: a 404 that rolls the (empty) change back, so no entry is written.
    await audited(
      db,
      auditBy(ctx),
      async (tx) => {
        const { count } = await tx.training.deleteMany({ where: { tag } });
        if (count === 0) throw notFound('training');
      },
      () => ({ action: 'training.deleted', target: { type: 'training', id: tag } }),
    );
    ctx.status = 204;
  });

  return router;
}
