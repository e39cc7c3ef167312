import http from 'node:http';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type Worker } from '@temporalio/worker';
import { Bot } from '../../src/bot/bot';
import { KeywordClassifier } from '../../src/bot/classifier';
import { DbKnowledge } from '../../src/bot/knowledge/knowledgeSource';
import { CallbackTargets, isPublicAddress } from '../../src/channels/api/callbackTarget';
import { verifySignature } from '../../src/channels/signature';
import { temporalCliPath } from '../../src/temporal/binaries';
import { createChatWorker, WORKFLOWS_PATH } from '../../src/temporal/worker';
import { WebhookSender } from '../../src/webhooks/sender';
import { WebhookWorkflows } from '../../src/webhooks/workflows';
import { ApiApp } from '../helpers/apiApp';
import { TEST_SECRETS, testChannelSenders } from '../helpers/channelServices';
import { quietLogger } from '../helpers/quietTemporal';
import { freePort } from '../helpers/stack';
import { waitFor } from '../helpers/wait';

// Event webhooks end to end, all real: the Temporal dev server, the worker with the product's
// workflow bundle and activities, the API over loopback HTTP, a SQLite file, and an HTTP
// receiver on loopback that is down (nothing listens on its port) until a test starts it.
// The retry window is 6 s here (WEBHOOK_RETRY_WINDOW is 24 hours by default).

const TASK_QUEUE = 'webhooks-test';
const WINDOW_MS = 6_000;
const SECRET = 'receiver-secret-0001';

let env: TestWorkflowEnvironment;
let app: ApiApp;
let worker: Worker;
let running: Promise<void>;
let admin: { id: string; token: string };
const receivers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1', ui: false },
  });
  // The API's guard lets tests use loopback (as every callback test does)…
  app = await new ApiApp(undefined, {
    temporalAddress: env.address,
    webhooks: { taskQueue: TASK_QUEUE, retryWindowMs: WINDOW_MS },
  }).start();
  admin = await app.as('admin');
  await app.seedChats({ c1: {} });
  // …and the worker's dials only 127.0.0.1 beside public addresses.
  const targets = new CallbackTargets(false, (address) => address === '127.0.0.1' || isPublicAddress(address));
  worker = await createChatWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: TASK_QUEUE,
    deps: {
      db: app.db,
      bot: new Bot({ classifier: new KeywordClassifier(), knowledge: new DbKnowledge(app.db), timeZone: 'UTC' }),
      senders: testChannelSenders(),
      secrets: TEST_SECRETS,
      webhooks: {
        sender: new WebhookSender(targets, 2_000),
        retryWindowMs: WINDOW_MS,
        initialBackoffMs: 200,
        pollMs: 200,
      },
    },
    bundle: await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger }),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  for (const r of receivers) await r.close();
  await app?.stop();
  await env?.teardown();
}, 60_000);

interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: { id: number; type: string; createdAt: string; data: Record<string, unknown> };
}

/** A receiver on `port`, from now on: it answers 200 and keeps what it got. */
async function receiverOn(port: number) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) as Received['body'] });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const receiver = { received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  receivers.push(receiver);
  return receiver;
}

async function subscribe(port: number, events: string[]): Promise<string> {
  const res = await app.request('POST', '/api/v1/webhooks', {
    token: admin.token,
    body: { url: `http://127.0.0.1:${port}/hook`, events, secret: SECRET },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const writeNote = async (content: string) =>
  expect((await app.request('POST', '/api/v1/chats/c1/notes', { token: admin.token, body: { content } })).status).toBe(
    201,
  );

async function deliveries(id: string) {
  const res = await app.request('GET', `/api/v1/webhooks/${id}/deliveries`, { token: admin.token });
  expect(res.status).toBe(200);
  return res.body.items as Array<
    Record<string, unknown> & { id: number; eventId: number; status: string; attempts: number }
  >;
}

test('a receiver down for a while, then up: every event delivered once, in order, signed', async () => {
  const port = await freePort();
  const id = await subscribe(port, ['note.created']);
  for (const n of [1, 2, 3]) await writeNote(`Nota interna ${n}: cliente Maria, CPF 123.456.789-09`);
  const events = await app.db.chatEvent.findMany({ where: { type: 'note.created' }, orderBy: { id: 'asc' } });
  expect(events).toHaveLength(3);

  // Down: the first event is tried and retried; the others wait behind it.
  await waitFor(
    () => deliveries(id),
    (rows) => rows.length === 3 && rows.some((r) => r.attempts >= 2),
  );
  const receiver = await receiverOn(port);
  await waitFor(
    async () => receiver.received.length,
    (n) => n >= 3,
  );
  await new Promise((r) => setTimeout(r, 1_000)); // and nothing more comes

  expect(receiver.received.map((r) => r.body.id)).toEqual(events.map((e) => e.id));
  for (const [i, r] of receiver.received.entries()) {
    expect(verifySignature(SECRET, r.raw, r.headers['x-atende-signature'] as string)).toBe(true);
    expect(verifySignature('another-secret-123', r.raw, r.headers['x-atende-signature'] as string)).toBe(false);
    expect(r.headers['x-atende-event-id']).toBe(String(events[i]!.id));
    expect(r.headers['x-atende-event-type']).toBe('note.created');
    expect(r.body).toEqual({
      id: events[i]!.id,
      type: 'note.created',
      createdAt: events[i]!.createdAt.toISOString(),
      data: JSON.parse(events[i]!.data),
    });
    // Ids, not what the note says.
    expect(r.raw).not.toMatch(/Maria|123\.456/);
  }
  const rows = (await deliveries(id)).reverse();
  expect(rows.map((r) => [r.eventId, r.status, r.lastStatusCode])).toEqual(events.map((e) => [e.id, 'delivered', 200]));
  expect(rows[0]!.attempts).toBeGreaterThanOrEqual(3);
  expect(rows[0]!.lastError).toBeNull();
}, 60_000);

test('a receiver that never comes back: marked failed after the window; a redelivery asked for then arrives', async () => {
  const port = await freePort();
  const id = await subscribe(port, ['*']);
  await writeNote('Outra nota');
  const [failed] = await waitFor(
    () => deliveries(id),
    (rows) => rows.length === 1 && rows[0]!.status === 'failed',
    WINDOW_MS + 15_000,
  );
  expect(failed!.attempts).toBeGreaterThanOrEqual(2);
  expect(failed!.lastError).toMatch(/^connection failed/);
  expect(failed!.lastStatusCode).toBeNull();
  const event = await app.db.chatEvent.findUniqueOrThrow({ where: { id: failed!.eventId } });
  expect(new Date(failed!.failedAt as string).getTime() - event.createdAt.getTime()).toBeGreaterThanOrEqual(WINDOW_MS);

  const receiver = await receiverOn(port);
  await new Promise((r) => setTimeout(r, 500));
  expect(receiver.received).toHaveLength(0); // a failed delivery is not tried again by itself
  const asked = await app.request('POST', `/api/v1/webhooks/${id}/deliveries/${failed!.id}/redeliver`, {
    token: admin.token,
  });
  expect(asked.status).toBe(202);
  expect(asked.body.status).toBe('pending');
  await waitFor(
    async () => receiver.received.length,
    (n) => n === 1,
  );
  expect(receiver.received[0]!.body.id).toBe(event.id);
  expect(
    verifySignature(SECRET, receiver.received[0]!.raw, receiver.received[0]!.headers['x-atende-signature'] as string),
  ).toBe(true);
  const [delivered] = await waitFor(
    () => deliveries(id),
    (rows) => rows[0]!.status === 'delivered',
  );
  expect(delivered!.attempts).toBe(failed!.attempts + 1);
  expect(await app.db.auditEntry.count({ where: { action: 'webhook.redelivered', targetId: id } })).toBe(1);
}, 60_000);

test('deleting a subscription cancels its workflow and its deliveries go with it', async () => {
  const port = await freePort();
  const id = await subscribe(port, ['note.created']);
  const handle = env.client.workflow.getHandle(`webhook:${id}`);
  // The API has asked Temporal to start it (3 s at most).
  await waitFor(
    () =>
      handle.describe().then(
        (d) => d.status.name,
        () => 'NOT_YET',
      ),
    (s) => s === 'RUNNING',
  );
  // Its delivery half found nothing and its intake waits for events.
  await waitFor(
    async () => (await handle.fetchHistory()).events?.filter((e) => e.activityTaskCompletedEventAttributes).length ?? 0,
    (n) => n >= 1,
  );
  await writeNote('Antes de apagar'); // a delivery waiting for its receiver (nothing listens)
  await waitFor(
    () => deliveries(id),
    (rows) => rows.length === 1 && rows[0]!.attempts >= 1,
  );
  expect((await app.request('DELETE', `/api/v1/webhooks/${id}`, { token: admin.token })).status).toBe(204);
  await waitFor(
    () => handle.describe().then((d) => d.status.name),
    (s) => s === 'CANCELLED',
  );
  expect(await app.db.webhookDelivery.count({ where: { webhookId: id } })).toBe(0);
}, 60_000);

test('a worker starts the workflow of every active subscription that has none, once', async () => {
  const sealed = TEST_SECRETS.seal({ secret: SECRET }).secret!;
  const port = await freePort();
  // Written while no workflow could be started (Temporal down when it was created, say).
  const active = await app.db.webhook.create({
    data: { url: `http://127.0.0.1:${port}/hook`, events: '["*"]', secret: sealed },
  });
  const paused = await app.db.webhook.create({
    data: { url: `http://127.0.0.1:${port}/hook`, events: '["*"]', secret: sealed, active: false },
  });
  const workflows = new WebhookWorkflows(env.client, TASK_QUEUE);
  await workflows.ensureAll(app.db);
  const first = await env.client.workflow.getHandle(`webhook:${active.id}`).describe();
  expect(first.status.name).toBe('RUNNING');
  await workflows.ensureAll(app.db); // again: the running one is kept
  expect((await env.client.workflow.getHandle(`webhook:${active.id}`).describe()).runId).toBe(first.runId);
  await expect(env.client.workflow.getHandle(`webhook:${paused.id}`).describe()).rejects.toThrow(/not found/);
}, 60_000);

test('paused, nothing is taken or sent; resumed, the events after it are', async () => {
  const port = await freePort();
  const receiver = await receiverOn(port);
  const id = await subscribe(port, ['note.created']);
  const handle = () => env.client.workflow.getHandle(`webhook:${id}`);
  await waitFor(
    () =>
      handle()
        .describe()
        .then(
          (d) => d.status.name,
          () => 'NOT_YET',
        ),
    (s) => s === 'RUNNING',
  );
  const pause = await app.request('PATCH', `/api/v1/webhooks/${id}`, { token: admin.token, body: { active: false } });
  expect(pause.body.active).toBe(false);
  // Cancelled, or ended by itself if it read the paused row first.
  await waitFor(
    () =>
      handle()
        .describe()
        .then((d) => d.status.name),
    (s) => s === 'CANCELLED' || s === 'COMPLETED',
  );
  await writeNote('Enquanto pausado');
  const resume = await app.request('PATCH', `/api/v1/webhooks/${id}`, { token: admin.token, body: { active: true } });
  expect(resume.body.active).toBe(true);
  await writeNote('Depois de retomado');
  const after = await app.db.chatEvent.findFirstOrThrow({ where: { type: 'note.created' }, orderBy: { id: 'desc' } });
  await waitFor(
    async () => receiver.received.length,
    (n) => n >= 1,
  );
  await new Promise((r) => setTimeout(r, 1_000));
  expect(receiver.received.map((r) => r.body.id)).toEqual([after.id]);
  expect((await deliveries(id)).map((d) => d.eventId)).toEqual([after.id]);
  const audited = await app.db.auditEntry.findMany({ where: { targetId: id, action: 'webhook.updated' } });
  expect(audited.map((e) => JSON.parse(e.details).active)).toEqual([false, true]);
}, 60_000);
