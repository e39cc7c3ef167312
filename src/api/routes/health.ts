import Router from '@koa/router';
import type { ApiDeps } from '../deps';

const TIMEOUT_MS = 3_000;

function within<T>(p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref()),
  ]);
}

/** `GET /health`: 200 when the API, the database and Temporal answer; 503 naming what does not. */
export function healthRoutes({ db, temporal }: ApiDeps): Router {
  const router = new Router();
  router.get('/health', async (ctx) => {
    const [database, temporalServer] = await Promise.all([
      within(db.$queryRawUnsafe('SELECT 1')).then(
        () => 'ok',
        () => 'unreachable',
      ),
      // A gRPC deadline, not just a race: the client retries failed calls, and a
      // raced-out call would go on retrying in the background.
      temporal.connection
        .withDeadline(Date.now() + TIMEOUT_MS, () => temporal.connection.workflowService.getSystemInfo({}))
        .then(
          () => 'ok',
          () => 'unreachable',
        ),
    ]);
    const checks = { api: 'ok', database, temporal: temporalServer };
    const healthy = database === 'ok' && temporalServer === 'ok';
    ctx.status = healthy ? 200 : 503;
    ctx.body = healthy ? { status: 'ok', checks } : { status: 'unavailable', checks };
  });
  return router;
}
