import { randomUUID } from 'node:crypto';
import { killService, startService } from '../../scripts/cluster/temporalCluster';
import { signBody } from '../../src/channels/signature';
import { startClusterStack } from '../helpers/cluster';
import { ADMIN } from '../helpers/stack';
import { kill, SplitStack } from '../helpers/splitStack';
import { waitFor } from '../helpers/wait';

/**
 * Production's layout on a real Temporal cluster (`npm run cluster`: history,
 * matching, frontend and worker services on PostgreSQL) with two Atende
 * workers and two API processes on PostgreSQL. Under a load of 100+
 * conversations × 3 messages, one worker, one API process, the history
 * service and the matching service are each SIGKILLed and restarted a few
 * seconds later. Every acknowledged message is stored once and answered
 * once; webhooks see only 202s and prompt 503s with Retry-After, never a 500
 * or a hang.
 */
const SECRET = 'cluster-kill-test-secret-0123456789';
let setUp: Awaited<ReturnType<typeof startClusterStack>>;
let stack: SplitStack;
let receiver: Awaited<ReturnType<typeof startClusterStack>>['receiver'];
let apiPorts: number[] = [];

beforeAll(async () => {
  setUp = await startClusterStack();
  ({ stack, receiver } = setUp);
  apiPorts = [stack.apiPort, (await stack.addApi()).port];
}, 900_000); // the first run builds the Temporal server (minutes)

afterAll(() => setUp?.stop(), 120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('killing a worker, an API process, history and matching under load loses and doubles nothing', async () => {
  const auth = await stack.login(ADMIN);
  const created = await stack.call(
    'POST',
    '/api/v1/channels',
    { type: 'api', name: 'cluster', secret: SECRET, callbackUrl: receiver.url },
    auth,
  );
  expect(created.status).toBe(201);
  const channelId = String(created.body.id);

  const statuses = new Map<number, number>();
  const slow: number[] = [];
  const missingRetryAfter: number[] = [];
  /** A channel's delivery: to either API process (a load balancer's job), retried after a 503 as told. */
  const deliver = async (event: unknown, turn: number): Promise<boolean> => {
    const raw = JSON.stringify(event);
    for (let attempt = 0; attempt < 60; attempt++) {
      const port = apiPorts[(turn + attempt) % apiPorts.length]!;
      const started = Date.now();
      let res: Response;
      try {
        res = await fetch(`http://127.0.0.1:${port}/webhooks/api/${channelId}`, {
          method: 'POST',
          body: raw,
          headers: { 'content-type': 'application/json', 'x-atende-signature': signBody(SECRET, raw) },
          signal: AbortSignal.timeout(20_000),
        });
      } catch (err) {
        if ((err as Error).name === 'TimeoutError') slow.push(Date.now() - started);
        await sleep(200); // that API process is down: the balancer tries another
        continue;
      }
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (Date.now() - started > 10_000) slow.push(Date.now() - started);
      if (res.status === 202) return true;
      if (res.status !== 503) return false;
      const retryAfter = Number(res.headers.get('retry-after'));
      if (!retryAfter) missingRetryAfter.push(res.status);
      await sleep(Math.min(retryAfter || 1, 2) * 1000);
    }
    return false;
  };

  const acked: string[] = [];
  let conversations = 0;
  let keepGoing = true;
  const customer = async (turn: number) => {
    while (keepGoing || conversations < 100) {
      conversations += 1;
      const conversation = randomUUID();
      await deliver(
        { type: 'NEW_CONVERSATION', timestamp: new Date().toISOString(), data: { id: conversation } },
        turn,
      );
      for (const content of ['oi, bom dia', 'obrigado', 'oi, bom dia']) {
        const id = randomUUID();
        const event = {
          type: 'NEW_MESSAGE',
          timestamp: new Date().toISOString(),
          data: { id, direction: 'RECEIVED', content, conversation_id: conversation },
        };
        if (await deliver(event, turn)) acked.push(id);
      }
    }
  };
  const load = Promise.all(Array.from({ length: 8 }, (_, i) => customer(i)));

  // One part at a time, each back a few seconds later, while the load runs.
  await waitFor(
    () => Promise.resolve(receiver.received.length),
    (n) => n >= 20,
    120_000,
  );
  await kill(stack.workers[0], 'SIGKILL');
  await sleep(3_000);
  stack.workers[0] = await stack.startProcess('src/bin/worker.ts', 'Worker polling');

  await sleep(3_000);
  const api = stack.moreApis[0]!;
  await kill(api.child, 'SIGKILL');
  await sleep(3_000);
  api.child = await stack.startProcess('src/bin/api.ts', 'API listening', { PORT: String(api.port) });

  for (const service of ['history', 'matching'] as const) {
    await sleep(3_000);
    killService(setUp.cluster.state, service);
    await sleep(3_000);
    startService(setUp.cluster.state, service);
  }
  await sleep(5_000);
  keepGoing = false;
  await load;

  expect(conversations).toBeGreaterThanOrEqual(100);
  expect(acked.length).toBeGreaterThanOrEqual(300);
  // Only 202s and 503s (with Retry-After), none slow.
  expect([...statuses.keys()].filter((s) => s !== 202 && s !== 503)).toEqual([]);
  expect(missingRetryAfter).toEqual([]);
  expect(slow).toEqual([]);

  // Everything acknowledged is stored once, and answered once, delivered.
  await waitFor(
    () => stack.db.message.count({ where: { channelId, sender: 'bot', deliveryStatus: 'delivered' } }),
    (n) => n >= acked.length,
    240_000,
  );
  const inbound = await stack.db.message.findMany({
    where: { channelId, sender: 'customer' },
    select: { channelMessageId: true },
  });
  expect(inbound.map((m) => m.channelMessageId).sort()).toEqual([...acked].sort());
  const answers = await stack.db.message.findMany({
    where: { channelId, sender: 'bot' },
    select: { id: true, deliveryStatus: true },
  });
  expect(answers).toHaveLength(acked.length);
  expect(answers.every((a) => a.deliveryStatus === 'delivered')).toBe(true);
  // Each answer reached the channel under its own id (a delivery cut by a kill may come twice
  // under the same id, which the receiver dedupes).
  const receivedIds = new Set(receiver.received.map((r) => r.body.data.id));
  expect([...receivedIds].sort()).toEqual(answers.map((a) => a.id).sort());
}, 900_000);
