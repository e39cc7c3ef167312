import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Stack } from '../helpers/stack';
import { waitFor } from '../helpers/wait';

/**
 * `npm start` stops promptly with an event-webhook subscription: its intake
 * activity waits up to a minute for new events, and the worker's shutdown
 * (SIGTERM, Ctrl-C) cuts that wait short rather than holding the stop for it
 * (or for WORKER_SHUTDOWN_GRACE, two minutes here).
 */
test('npm start stops in seconds while a webhook subscription waits for events', async () => {
  const receiver = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const stack = new Stack({ WORKER_SHUTDOWN_GRACE: '2 minutes' });
  try {
    await stack.start();
    const token = await stack.signInAdmin();
    const created = await stack.request('POST', '/api/v1/webhooks', {
      token,
      body: {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        events: ['chat.created'],
        secret: 'shutdown-test-secret-0123',
      },
    });
    expect(created.status).toBe(201);
    // Its workflow runs, and its intake is waiting for an event.
    await waitFor(
      async () => (await stack.request('GET', `/api/v1/webhooks/${created.body.id}`, { token })).body,
      (hook) => hook?.active === true,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 3_000));
    const started = Date.now();
    const code = await stack.stop();
    const took = Date.now() - started;
    process.stderr.write(`stopped in ${took} ms with a webhook intake waiting\n`);
    expect(code).toBe(0);
    // Held by the intake's wait, the stop took up to a minute.
    expect(took).toBeLessThan(20_000);
  } finally {
    await stack.stop();
    stack.cleanup();
    receiver.close();
  }
}, 180_000);
