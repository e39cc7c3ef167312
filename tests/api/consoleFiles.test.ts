import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import pino from 'pino';
import { errorMiddleware } from '../../src/api/errors';
import { consoleRoutes } from '../../src/api/routes/console';

// How /console serves the built app: the page never cached, hashed assets for
// a year, app paths answered with the page, nothing outside the build folder,
// and a clear 503 when the build is missing.

const built = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-console-'));
const missing = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-console-missing-'));
fs.mkdirSync(path.join(built, 'assets'));
fs.writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>Atende</title>');
fs.writeFileSync(path.join(built, 'assets', 'main-abc123.js'), 'console.log(1)');
fs.writeFileSync(path.join(built, 'secret.txt'), 'not an asset');

const servers: http.Server[] = [];
async function serve(dir: string): Promise<string> {
  const app = new Koa();
  app.use(errorMiddleware(pino({ level: 'silent' })));
  const router = consoleRoutes(dir);
  app.use(router.routes()).use(router.allowedMethods());
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  for (const dir of [built, missing]) fs.rmSync(dir, { recursive: true, force: true });
});

test('the page, its assets and its client-side paths', async () => {
  const url = await serve(built);
  for (const page of ['/console', '/console/chats/abc']) {
    const res = await fetch(url + page);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>Atende</title>');
  }
  const asset = await fetch(`${url}/console/assets/main-abc123.js`);
  expect(asset.status).toBe(200);
  expect(asset.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
});

test('nothing outside the assets folder, and JSON 404s', async () => {
  const url = await serve(built);
  for (const file of ['..%2Fsecret.txt', '..%2F..%2Fpackage.json', 'nope.js']) {
    const res = await fetch(`${url}/console/assets/${file}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  }
});

test('an unbuilt console is a clear 503', async () => {
  const url = await serve(missing);
  const res = await fetch(`${url}/console`);
  expect(res.status).toBe(503);
  expect(await res.json()).toEqual({
    error: expect.objectContaining({
      code: 'console_not_built',
      message: expect.stringContaining('npm run build:console'),
    }),
  });
});
