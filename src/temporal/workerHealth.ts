import http from 'node:http';
import type { Worker } from '@temporalio/worker';

/**
 * A worker's liveness and readiness over HTTP, for container health checks
 * and rolling deploys: `/livez` answers while the process runs; `/readyz` is
 * 200 only while the worker polls its task queue (not while it starts,
 * drains on SIGTERM or has failed). Two fixed routes and no body to parse,
 * so plain node:http rather than a second Koa app.
 */
export function startWorkerHealth(worker: Pick<Worker, 'getState'>, host: string, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const state = worker.getState();
    const route = req.method === 'GET' ? req.url?.split('?')[0] : undefined;
    const answer = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (route === '/livez') return answer(200, { status: 'ok', worker: state });
    if (route === '/readyz')
      return answer(state === 'RUNNING' ? 200 : 503, {
        status: state === 'RUNNING' ? 'ok' : 'unavailable',
        worker: state,
      });
    answer(404, { error: { code: 'not_found', message: 'GET /livez or /readyz' } });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
