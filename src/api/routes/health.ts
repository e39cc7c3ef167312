import Router from '@koa/router';
import type { Db } from '../../db/client';
import type { ApiDeps } from '../deps';

const TIMEOUT_MS = 3_000;

/** The one row /health rewrites: a write that proves the database takes writes, and never grows. */
export const HEALTH_SETTING_KEY = 'health:probe';

function within<T>(p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref()),
  ]);
}

/**
 * A read of a table, then a small write, within TIMEOUT_MS together: a
 * database that answers reads but refuses writes (disk full, read-only, locked
 * by another process) serves nothing useful, since every webhook and login writes.
 */
async function databaseCheck(db: Db): Promise<'ok' | 'unreachable' | 'unwritable'> {
  let failing: 'unreachable' | 'unwritable' = 'unreachable';
  const probe = async () => {
    await db.setting.findUnique({ where: { key: HEALTH_SETTING_KEY }, select: { key: true } });
    failing = 'unwritable';
    const value = JSON.stringify({ checkedAt: new Date().toISOString() });
    await db.setting.upsert({
      where: { key: HEALTH_SETTING_KEY },
      create: { key: HEALTH_SETTING_KEY, value },
      update: { value },
    });
  };
  return within(probe()).then(
    () => 'ok' as const,
    () => failing,
  );
}

/** `GET /health`: 200 when the API, the database (reads and writes) and Temporal answer; 503 naming what does not. */
export function healthRoutes({ db, temporal }: ApiDeps): Router {
  const router = new Router();
  router.get('/health', async (ctx) => {
    const [temporalServer, database] = await Promise.all([
      // A gRPC deadline, not just a race: the client retries failed calls, and a
      // raced-out call would go on retrying in the background. Sent first: a
      // SQLite lock holds the process for up to its busy timeout.
      temporal.connection
        .withDeadline(Date.now() + TIMEOUT_MS, () => temporal.connection.workflowService.getSystemInfo({}))
        .then(
          () => 'ok',
          () => 'unreachable',
        ),
      databaseCheck(db),
    ]);
    const checks = { api: 'ok', database, temporal: temporalServer };
    const healthy = database === 'ok' && temporalServer === 'ok';
    ctx.status = healthy ? 200 : 503;
    ctx.body = healthy ? { status: 'ok', checks } : { status: 'unavailable', checks };
  });
  // Liveness: the process answers. Kept apart from readiness (`/health`) so an orchestrator
  // does not restart every API process while the database or Temporal is briefly away.
  router.get('/livez', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  return router;
}
