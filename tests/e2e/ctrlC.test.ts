import { execFileSync } from 'node:child_process';
import { isListening } from '../../src/temporal/devServer';
import { ADMIN, Stack } from '../helpers/stack';

/**
 * Ctrl-C in the terminal of `npm start`: SIGINT reaches the whole process
 * group, so the embedded dev server dies while `npm start` is still stopping
 * (here: its API waits for a webhook in flight, which Temporal never answered). It must not be restarted and
 * orphaned: afterwards nothing listens on the Temporal ports, and the next
 * `npm start` runs.
 */
const SECRET = 'ctrl-c-secret-0123456789abcdef';
const stack = new Stack({}, { processGroup: true });

/** The dev server processes started for this stack (found by their port). */
function devServerPids(): number[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('start-dev') && l.includes(`--port ${stack.temporalPort} `))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

afterAll(async () => {
  await stack.stop();
  // Whatever this test left behind (an orphaned dev server on its port) goes too.
  for (const pid of devServerPids()) process.kill(pid, 'SIGKILL');
  stack.cleanup();
}, 60_000);

test('Ctrl-C while a request is in flight stops everything, the dev server included; the next npm start runs', async () => {
  await stack.start();
  const token = (await stack.request('POST', '/api/v1/auth/login', { body: ADMIN })).body.accessToken as string;
  const channel = await stack.request('POST', '/api/v1/channels', {
    token,
    body: { type: 'api', name: 'ctrl-c', secret: SECRET, callbackUrl: 'http://127.0.0.1:9/cb' },
  });
  expect(channel.status).toBe(201);
  const [pid] = devServerPids();
  expect(pid).toBeDefined();

  // A webhook in flight: Temporal is paused, so it waits (up to 5 s) and the API's close waits for it.
  process.kill(pid!, 'SIGSTOP');
  const inFlight = stack.webhook(channel.body.id, SECRET, {
    type: 'NEW_CONVERSATION',
    timestamp: new Date().toISOString(),
    data: { id: 'conv-ctrl-c' },
  });
  await new Promise((r) => setTimeout(r, 300));
  // Ctrl-C: SIGINT to the whole group; the dev server dies at once, before answering anything
  // (SIGKILL here: paused, it would take its SIGINT only once resumed, and answer first).
  const exit = stack.interrupt();
  process.kill(pid!, 'SIGKILL');
  const answered = (await inFlight).status;
  expect(await exit).toBe(0);

  // Time for a restart that must not happen (its backoff is 1 s, its start a few seconds).
  await new Promise((r) => setTimeout(r, 6_000));
  expect(devServerPids()).toEqual([]);
  expect(await isListening('127.0.0.1', stack.temporalPort)).toBe(false);
  expect(await isListening('127.0.0.1', stack.uiPort)).toBe(false);
  // No server came back to accept it either.
  expect(answered).toBe(503);

  await stack.start();
  expect(devServerPids()).toHaveLength(1);
}, 180_000);
