import { randomUUID } from 'node:crypto';
import { startCallbackReceiver } from '../helpers/callbackReceiver';
import { ADMIN } from '../helpers/stack';
import { kill, SplitStack } from '../helpers/splitStack';
import { waitFor } from '../helpers/wait';

/**
 * The production layout (`npm run api` and `npm run worker` against one
 * Temporal server), with the worker killed with SIGKILL in the middle of a
 * load and started again: every acknowledged message is stored once, and
 * every one gets exactly one answer, delivered.
 */
const SECRET = 'crash-test-secret-0123456789';
const stack = new SplitStack();
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;

beforeAll(async () => {
  receiver = await startCallbackReceiver();
  await stack.start();
}, 180_000);

afterAll(async () => {
  await stack.stop();
  await receiver?.close();
}, 60_000);

test('a worker killed mid-load loses and doubles nothing', async () => {
  const auth = await stack.login(ADMIN);
  const channel = await stack.call(
    'POST',
    '/api/v1/channels',
    { type: 'api', name: 'crash', secret: SECRET, callbackUrl: receiver.url },
    auth,
  );
  expect(channel.status).toBe(201);
  const webhook = (event: unknown) => stack.webhook(String(channel.body.id), SECRET, event);

  // Customers greet and thank in turn: the bot answers every one of those.
  const acked: string[] = [];
  let stop = false;
  const customer = async () => {
    const conversation = randomUUID();
    const opened = await webhook({
      type: 'NEW_CONVERSATION',
      timestamp: new Date().toISOString(),
      data: { id: conversation },
    });
    expect(opened.status).toBe(202);
    for (let i = 0; !stop && i < 200; i++) {
      const id = randomUUID();
      const content = i % 2 === 0 ? 'oi, bom dia' : 'obrigado';
      const res = await webhook({
        type: 'NEW_MESSAGE',
        timestamp: new Date().toISOString(),
        data: { id, direction: 'RECEIVED', content, conversation_id: conversation },
      });
      if (res.status === 202) acked.push(id);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const load = Promise.all(Array.from({ length: 6 }, customer));

  await waitFor(
    () => Promise.resolve(receiver.received.length),
    (n) => n >= 20,
    60_000,
  );
  await kill(stack.workers[0], 'SIGKILL');
  await new Promise((r) => setTimeout(r, 1_000));
  stack.workers[0] = await stack.startProcess('src/bin/worker.ts', 'Worker polling');
  await new Promise((r) => setTimeout(r, 2_000));
  stop = true;
  await load;

  // Everything acknowledged is stored, once, and answered, once, delivered.
  await waitFor(
    () => stack.db.message.count({ where: { sender: 'bot', deliveryStatus: 'delivered' } }),
    (n) => n >= acked.length,
    90_000,
  );
  const inbound = await stack.db.message.findMany({
    where: { sender: 'customer' },
    select: { channelMessageId: true },
  });
  expect(inbound.map((m) => m.channelMessageId).sort()).toEqual([...acked].sort());
  const answers = await stack.db.message.findMany({
    where: { sender: 'bot' },
    select: { id: true, deliveryStatus: true },
  });
  expect(answers).toHaveLength(acked.length);
  expect(answers.every((a) => a.deliveryStatus === 'delivered')).toBe(true);
  // Each answer reached the channel under its own id; a delivery cut by the
  // kill may reach it twice under the same id, which the receiver dedupes.
  const receivedIds = new Set(receiver.received.map((r) => r.body.data.id));
  expect([...receivedIds].sort()).toEqual(answers.map((a) => a.id).sort());
}, 240_000);
