import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signBody } from '../../src/channels/signature';
import { projectRoot } from '../../src/config/paths';
import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { startDevServer, type DevServer } from '../../src/temporal/devServer';
import { startCallbackReceiver } from '../helpers/callbackReceiver';
import { ADMIN, freePort } from '../helpers/stack';
import { waitFor } from '../helpers/wait';

/**
 * The production layout (`npm run api` and `npm run worker` against one
 * Temporal server), with the worker killed with SIGKILL in the middle of a
 * load and started again: every acknowledged message is stored once, and
 * every one gets exactly one answer, delivered.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-crash-'));
const databaseUrl = `file:${path.join(dataDir, 'atende.db')}`;
const SECRET = 'crash-test-secret-0123456789';
let temporal: DevServer;
let db: Db;
let apiPort = 0;
let api: ChildProcess;
let worker: ChildProcess;
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;

function startProcess(entry: string, ready: string): Promise<ChildProcess> {
  const child = spawn(path.join(projectRoot, 'node_modules', '.bin', 'tsx'), [entry], {
    cwd: projectRoot,
    // Its own process group, so SIGKILL reaches tsx's node child too.
    detached: true,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      PORT: String(apiPort),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${output}`)), 90_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}:\n${output}`)));
  });
}

function kill(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, signal);
  return exited;
}

beforeAll(async () => {
  [apiPort] = await Promise.all([freePort()]);
  const [port, uiPort] = [await freePort(), await freePort()];
  temporal = await startDevServer({ dataDir, host: '127.0.0.1', port, uiPort, namespace: 'default' });
  await migrateDatabase(databaseUrl);
  db = createDb(databaseUrl);
  receiver = await startCallbackReceiver();
  worker = await startProcess('src/bin/worker.ts', 'Worker polling');
  api = await startProcess('src/bin/api.ts', 'API listening');
}, 180_000);

afterAll(async () => {
  await kill(api, 'SIGTERM');
  await kill(worker, 'SIGTERM');
  await temporal?.stop();
  await receiver?.close();
  await db?.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

async function call(method: string, url: string, body: unknown, headers: Record<string, string> = {}) {
  const raw = JSON.stringify(body);
  const res = await fetch(`http://127.0.0.1:${apiPort}${url}`, {
    method,
    body: raw,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('a worker killed mid-load loses and doubles nothing', async () => {
  const login = await call('POST', '/api/v1/auth/login', ADMIN);
  const auth = { authorization: `Bearer ${String(login.body.accessToken)}` };
  const channel = await call(
    'POST',
    '/api/v1/channels',
    { type: 'api', name: 'crash', secret: SECRET, callbackUrl: receiver.url },
    auth,
  );
  expect(channel.status).toBe(201);
  const webhook = (event: unknown) => {
    const raw = JSON.stringify(event);
    return call('POST', `/webhooks/api/${String(channel.body.id)}`, event, {
      'x-atende-signature': signBody(SECRET, raw),
    });
  };

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
  await kill(worker, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 1_000));
  worker = await startProcess('src/bin/worker.ts', 'Worker polling');
  await new Promise((r) => setTimeout(r, 2_000));
  stop = true;
  await load;

  // Everything acknowledged is stored, once, and answered, once, delivered.
  await waitFor(
    () => db.message.count({ where: { sender: 'bot', deliveryStatus: 'delivered' } }),
    (n) => n >= acked.length,
    90_000,
  );
  const inbound = await db.message.findMany({ where: { sender: 'customer' }, select: { channelMessageId: true } });
  expect(inbound.map((m) => m.channelMessageId).sort()).toEqual([...acked].sort());
  const answers = await db.message.findMany({ where: { sender: 'bot' }, select: { id: true, deliveryStatus: true } });
  expect(answers).toHaveLength(acked.length);
  expect(answers.every((a) => a.deliveryStatus === 'delivered')).toBe(true);
  // Each answer reached the channel under its own id; a delivery cut by the
  // kill may reach it twice under the same id, which the receiver dedupes.
  const receivedIds = new Set(receiver.received.map((r) => r.body.data.id));
  expect([...receivedIds].sort()).toEqual(answers.map((a) => a.id).sort());
}, 240_000);
