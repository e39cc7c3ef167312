import Router from '@koa/router';
import { auditActor } from '../auth';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { parse } from '../../http/validate';
import { HttpError } from '../../http/httpError';
import { recordAudit } from '../../audit/auditLog';
import { countExpiring, retentionPlan } from '../../retention/retention';
import { loadRetentionSettings, RetentionSettingsBody, saveRetentionSettings } from '../../retention/settings';
import { RETENTION_MANUAL_WORKFLOW_ID, retentionWorkflow } from '../../../workflows/retention';
import type { RetentionRunInput } from '../../../workflows/retentionTypes';

/** `POST /api/v1/retention/run`'s query. */
export const RetentionRunQuery = z
  .object({
    dryRun: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => v === 'true'),
  })
  .strict();

/**
 * `GET|PUT /api/v1/retention` (the settings) and `POST /api/v1/retention/run`
 * (a dry run's counts, or a run started now): admins only.
 */
export function retentionRoutes({ db, temporal, gateway }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/retention' });
  router.use(requireRole('admin'));
  router.get('/', async (ctx) => {
    ctx.body = await loadRetentionSettings(db);
  });
  router.put('/', async (ctx) => {
    const settings = parse(RetentionSettingsBody, ctx.request.body);
    const ids = Object.keys(settings.channels);
    if (ids.length > 0) {
      const found = new Set(
        (await db.channel.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((c) => c.id),
      );
      const missing = ids.find((id) => !found.has(id));
      if (missing !== undefined) {
        const path = `body.channels.${missing}`;
        throw new HttpError(400, 'invalid_request', `${path}: no such channel`, [{ path, message: 'no such channel' }]);
      }
    }
    await db.$transaction(async (tx) => {
      const before = await loadRetentionSettings(tx);
      await saveRetentionSettings(tx, settings);
      await recordAudit(tx, {
        actor: auditActor(ctx.state),
        action: 'retention.updated',
        target: { type: 'settings', id: 'retention' },
        details: { before, after: settings },
        ip: ctx.ip,
      });
    });
    ctx.body = settings;
  });
  router.post('/run', async (ctx) => {
    const { dryRun } = parse(RetentionRunQuery, ctx.query, 'query');
    if (dryRun) {
      const plan = retentionPlan(await loadRetentionSettings(db), new Date());
      ctx.body = { dryRun: true, asOf: plan.now, counts: await countExpiring(db, plan) };
      return;
    }
    // One manual run at a time: asked again while one goes, the answer is that run.
    const input: RetentionRunInput = { trigger: 'manual', requestedBy: ctx.state.attendant.id };
    const handle = await temporal.workflow.start(retentionWorkflow, {
      taskQueue: gateway.taskQueue,
      workflowId: RETENTION_MANUAL_WORKFLOW_ID,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [input],
    });
    ctx.status = 202;
    ctx.body = { dryRun: false, workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
  });
  return router;
}
