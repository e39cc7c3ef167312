import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWorkerHealth } from '../../src/temporal/workerHealth';
import { ChatHarness } from '../helpers/chatHarness';

// A real worker on the time-skipping server: /readyz follows what the worker
// does (not yet polling, polling, drained), /livez only that the process answers.
const h = new ChatHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

async function get(server: http.Server, path: string) {
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: (await res.json()) as { status: string; worker?: string } };
}

test('readiness is 200 only while the worker polls; liveness is 200 throughout', async () => {
  const worker = await h.newWorker();
  const server = await startWorkerHealth(worker, '127.0.0.1', 0);
  try {
    expect(await get(server, '/readyz')).toEqual({
      status: 503,
      body: { status: 'unavailable', worker: 'INITIALIZED' },
    });
    const running = worker.run();
    const deadline = Date.now() + 10_000;
    while (worker.getState() !== 'RUNNING' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await get(server, '/readyz')).toEqual({ status: 200, body: { status: 'ok', worker: 'RUNNING' } });

    worker.shutdown();
    await running;
    expect(await get(server, '/readyz')).toEqual({ status: 503, body: { status: 'unavailable', worker: 'STOPPED' } });
    expect((await get(server, '/livez')).status).toBe(200);
    expect((await get(server, '/nope')).status).toBe(404);
  } finally {
    server.close();
  }
});
