import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { startClusterStack } from '../helpers/cluster';
import { productCodec } from '../helpers/productCodec';
import { ADMIN } from '../helpers/stack';
import { kill, SplitStack } from '../helpers/splitStack';
import { waitFor } from '../helpers/wait';

/**
 * A rolling deploy on a real Temporal cluster: chats are open and customers
 * keep writing while the two workers are replaced, one at a time, by the next
 * release (tests/cluster/nextReleaseWorker.ts: a `patched()` change to the
 * chat workflow). The chats opened before go on and finish; every
 * acknowledged message is stored once and answered once; chats the new
 * release starts carry its change.
 */
const SECRET = 'rolling-deploy-secret-0123456789';
let setUp: Awaited<ReturnType<typeof startClusterStack>>;
let stack: SplitStack;
let receiver: Awaited<ReturnType<typeof startClusterStack>>['receiver'];

beforeAll(async () => {
  setUp = await startClusterStack();
  ({ stack, receiver } = setUp);
}, 900_000);

afterAll(() => setUp?.stop(), 120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('workers replaced one by one by a patched release: open chats go on and finish, nothing is lost', async () => {
  const auth = await stack.login(ADMIN);
  const created = await stack.call(
    'POST',
    '/api/v1/channels',
    { type: 'api', name: 'rolling', secret: SECRET, callbackUrl: receiver.url },
    auth,
  );
  expect(created.status).toBe(201);
  const channelId = String(created.body.id);
  const acked: string[] = [];
  const deliver = async (
    event: { type: string; timestamp: string; data: { id: string } & Record<string, string> },
    counts: boolean,
  ) => {
    for (let attempt = 0; attempt < 60; attempt++) {
      const res = await stack.webhook(channelId, SECRET, event);
      if (res.status === 202) {
        if (counts) acked.push(event.data.id);
        return;
      }
      expect(res.status).toBe(503); // a prompt refusal while a worker is away, never anything else
      await sleep(500);
    }
    throw new Error('a webhook was refused for 30 s');
  };
  const say = (conversation: string, content: string) =>
    deliver(
      {
        type: 'NEW_MESSAGE',
        timestamp: new Date().toISOString(),
        data: { id: randomUUID(), direction: 'RECEIVED', content, conversation_id: conversation },
      },
      true,
    );
  const open = (conversation: string) =>
    deliver({ type: 'NEW_CONVERSATION', timestamp: new Date().toISOString(), data: { id: conversation } }, false);

  // Chats open on the current release.
  const early = Array.from({ length: 20 }, () => randomUUID());
  for (const conversation of early) {
    await open(conversation);
    await say(conversation, 'oi, bom dia');
  }
  await waitFor(
    () => Promise.resolve(receiver.received.length),
    (n) => n >= early.length,
    120_000,
  );

  // Customers keep writing while the workers are replaced one at a time (SIGTERM: each drains).
  let deploying = true;
  const during: string[] = [];
  const customer = async () => {
    while (deploying) {
      const conversation = randomUUID();
      during.push(conversation);
      await open(conversation);
      for (const content of ['oi, bom dia', 'obrigado']) {
        await say(conversation, content);
        await sleep(300);
      }
    }
  };
  const load = Promise.all(Array.from({ length: 3 }, customer));
  for (let i = 0; i < stack.workers.length; i++) {
    await sleep(3_000);
    await kill(stack.workers[i], 'SIGTERM');
    stack.workers[i] = await stack.startProcess('tests/cluster/nextReleaseWorker.ts', 'next release');
  }
  await sleep(5_000);
  deploying = false;
  await load;

  // The chats opened before the deploy go on, on the new release, and finish.
  for (const conversation of early) await say(conversation, 'obrigado');
  for (const conversation of early) {
    await deliver(
      { type: 'CLOSE_CONVERSATION', timestamp: new Date().toISOString(), data: { id: conversation } },
      false,
    );
  }
  const earlyChats = () =>
    stack.db.chat.findMany({
      where: { channelId, externalChatId: { in: early } },
      select: { status: true, workflowId: true },
    });
  const finished = await waitFor(
    earlyChats,
    (chats) => chats.length === early.length && chats.every((c) => c.status === 'cancelled'),
    120_000,
  );

  // Everything acknowledged is stored once and answered once, delivered.
  await waitFor(
    () => stack.db.message.count({ where: { channelId, sender: 'bot', deliveryStatus: 'delivered' } }),
    (n) => n >= acked.length,
    180_000,
  );
  const inbound = await stack.db.message.findMany({
    where: { channelId, sender: 'customer' },
    select: { channelMessageId: true },
  });
  expect(inbound.map((m) => m.channelMessageId).sort()).toEqual([...acked].sort());
  const answers = await stack.db.message.findMany({ where: { channelId, sender: 'bot' }, select: { id: true } });
  expect(answers).toHaveLength(acked.length);
  expect(new Set(receiver.received.map((r) => r.body.data.id))).toEqual(new Set(answers.map((a) => a.id)));

  // The early chats ran on old and new code alike; the chats the new release began carry its change.
  const connection = await Connection.connect({ address: setUp.cluster.state.temporalAddress });
  try {
    const client = new Client({
      connection,
      namespace: 'default',
      // The deployment's own keys (generated into its DATA_DIR): memos are encrypted like every payload.
      dataConverter: { payloadCodecs: [productCodec(stack.dataDir, stack.db)] },
    });
    for (const { workflowId } of finished!) {
      expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED');
    }
    const last = await stack.db.chat.findFirst({
      where: { channelId, externalChatId: during.at(-1)! },
      select: { workflowId: true },
    });
    const memo = (await client.workflow.getHandle(last!.workflowId).describe()).memo;
    expect(memo?.release).toBe(2);
  } finally {
    await connection.close();
  }
}, 900_000);
