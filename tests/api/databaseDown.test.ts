import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Connection } from '@temporalio/client';
import { hashPassword } from '../../src/auth/passwords';
import { signBody } from '../../src/channels/signature';
import { sqlitePathFromUrl } from '../../src/config/paths';
import { createDb, enableWal, type Db } from '../../src/db/client';
import { startDevServer, type DevServer } from '../../src/temporal/devServer';
import { registerSearchAttributes } from '../../src/temporal/registerSearchAttributes';
import { ApiApp } from '../helpers/apiApp';
import { freePort } from '../helpers/stack';

/**
 * A database that does not answer, or reads but cannot write, while Temporal
 * is fine: /health names the database, and requests answer a prompt 503
 * `database_unavailable` with Retry-After (not a 500, not a 23-second wait
 * ending in `temporal_unavailable`). The real app, a real SQLite file held by
 * a second connection, a real Temporal dev server.
 */
const SECRET = 'database-down-secret-0123456789';
const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };
const PROMPT_MS = 5_000;

let temporalDir: string;
let temporal: DevServer;
let app: ApiApp;
let channelId: string;

beforeAll(async () => {
  temporalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-dbdown-'));
  temporal = await startDevServer({
    dataDir: temporalDir,
    host: '127.0.0.1',
    port: await freePort(),
    uiPort: await freePort(),
    namespace: 'default',
  });
  const connection = await Connection.connect({ address: temporal.address });
  await registerSearchAttributes(connection, 'default');
  await connection.close();
  app = await new ApiApp(undefined, { temporalAddress: temporal.address }).start();
  channelId = await app.addChannel('api', { callbackUrl: 'http://127.0.0.1:9/cb' }, { secret: SECRET });
  await app.db.attendant.create({
    data: { name: 'Admin', email: ADMIN.email, passwordHash: await hashPassword(ADMIN.password), role: 'admin' },
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await temporal?.stop();
  fs.rmSync(temporalDir, { recursive: true, force: true });
}, 60_000);

async function timed<T>(run: () => Promise<T>): Promise<T & { ms: number }> {
  const started = performance.now();
  const value = await run();
  return { ...value, ms: performance.now() - started };
}

const health = (on = app) => timed(() => on.request('GET', '/health'));
const login = (on = app) => timed(() => on.request('POST', '/api/v1/auth/login', { body: ADMIN }));
function webhook(id: string) {
  const raw = JSON.stringify({ type: 'NEW_CONVERSATION', timestamp: new Date().toISOString(), data: { id } });
  return timed(() =>
    app.request('POST', `/webhooks/api/${channelId}`, {
      raw,
      headers: { 'content-type': 'application/json', 'x-atende-signature': signBody(SECRET, raw) },
    }),
  );
}

function expectDatabaseUnavailable(res: Awaited<ReturnType<typeof login>>): void {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 503, code: 'database_unavailable' });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(res.ms).toBeLessThan(PROMPT_MS);
}

/** A second process's write lock on the app's SQLite file, as `BEGIN EXCLUSIVE` takes it. */
function lockDatabase(): () => void {
  const locker = new Database(sqlitePathFromUrl(app.database.url));
  locker.exec('BEGIN EXCLUSIVE');
  return () => {
    locker.exec('ROLLBACK');
    locker.close();
  };
}

test('all is well first: health 200, login 200, a webhook accepted', async () => {
  expect((await health()).status).toBe(200);
  expect((await login()).status).toBe(200);
  expect((await webhook('conv-before')).status).toBe(202);
});

test('SQLite locked by another process (rollback journal): prompt 503s naming the database; released, all is well', async () => {
  const release = lockDatabase();
  try {
    const res = await health();
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual({ api: 'ok', database: 'unreachable', temporal: 'ok' });
    expect(res.ms).toBeLessThan(PROMPT_MS);
    expectDatabaseUnavailable(await webhook('conv-locked'));
    expectDatabaseUnavailable(await login());
  } finally {
    release();
  }
  expect((await health()).status).toBe(200);
  expect((await webhook('conv-locked')).status).toBe(202);
  expect((await login()).status).toBe(200);
}, 60_000);

test('SQLite in WAL with another process holding the write lock: reads go on, health says unwritable', async () => {
  await enableWal(app.db, app.database.url);
  const release = lockDatabase();
  try {
    const res = await health();
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual({ api: 'ok', database: 'unwritable', temporal: 'ok' });
    expect(res.ms).toBeLessThan(PROMPT_MS);
    expectDatabaseUnavailable(await login());
  } finally {
    release();
  }
  expect((await health()).status).toBe(200);
  expect((await login()).status).toBe(200);
}, 60_000);

test('a database that reads but cannot write (read-only, as a full disk or a read-only mount): 503, not 200 and 500', async () => {
  // The app's own connection refuses every write from now on, as a read-only file would (chmod does not stop root).
  await app.db.$executeRawUnsafe('PRAGMA query_only = ON');
  try {
    const res = await health();
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual({ api: 'ok', database: 'unwritable', temporal: 'ok' });
    expectDatabaseUnavailable(await login());
  } finally {
    await app.db.$executeRawUnsafe('PRAGMA query_only = OFF');
  }
  expect((await health()).status).toBe(200);
  expect((await login()).status).toBe(200);
});

describe('PostgreSQL that does not answer', () => {
  let silent: net.Server;
  const held: net.Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never says a word, as a server behind a dead link.
    silent = net.createServer((socket) => void held.push(socket));
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  async function appOn(url: string, run: (on: ApiApp) => Promise<void>): Promise<void> {
    const db: Db = createDb(url);
    const on = await new ApiApp(undefined, { temporalAddress: temporal.address, db }).start();
    try {
      await run(on);
    } finally {
      await on.stop();
      await db.$disconnect();
    }
  }

  test.each([
    ['refuses connections', async () => `postgresql://u:p@127.0.0.1:${await freePort()}/atende`],
    [
      'accepts but never answers',
      async () => `postgresql://u:p@127.0.0.1:${(silent.address() as net.AddressInfo).port}/atende`,
    ],
  ])(
    'a server that %s: health names the database, login answers 503 promptly',
    async (_, url) => {
      await appOn(await url(), async (on) => {
        const res = await health(on);
        expect(res.status).toBe(503);
        expect(res.body.checks).toEqual({ api: 'ok', database: 'unreachable', temporal: 'ok' });
        expect(res.ms).toBeLessThan(PROMPT_MS);
        expectDatabaseUnavailable(await login(on));
      });
    },
    60_000,
  );
});
