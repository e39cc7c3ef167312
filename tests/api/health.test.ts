import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { TokenService } from '../../src/auth/tokens';
import { logger } from '../../src/logger';
import { DEFAULT_CHAT_SETTINGS } from '../../workflows/types';
import { createTestDatabase } from '../helpers/database';
import { freePort } from '../helpers/stack';

// /health when Temporal is down: the real app, a real database, and a real
// client pointed at a port where nothing listens.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: http.Server;
let client: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}` }) });
  const app = createApp({
    db: database.db,
    temporal: client,
    taskQueue: 'chats',
    tokens: new TokenService('x'.repeat(32)),
    chatSettings: DEFAULT_CHAT_SETTINGS,
    logger,
  });
  server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await client?.connection.close();
  await database?.cleanup();
});

test('answers 503 and names Temporal when it is unreachable', async () => {
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`);
  expect(res.status).toBe(503);
  expect(await res.json()).toEqual({
    status: 'unavailable',
    checks: { api: 'ok', database: 'ok', temporal: 'unreachable' },
  });
});
