import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ApiApp } from '../helpers/apiApp';
import { servedRoutes } from '../helpers/appRoutes';

// The OpenAPI document: valid OpenAPI 3.1, served as JSON and as a page,
// and covering every route the app serves (a new route without docs fails here).

const app = new ApiApp();
beforeAll(() => app.start());
afterAll(() => app.stop());

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: unknown; requestParams?: unknown; responses: object }>>;
}

async function document(): Promise<OpenApi> {
  const res = await fetch(`${app.url}/openapi.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as OpenApi;
}

test('/openapi.json validates as OpenAPI 3.1', async () => {
  const doc = await document();
  expect(doc.openapi).toBe('3.1.0');
  const run = spawnSync(process.execPath, [path.join(__dirname, '../tools/validateOpenApi.mjs')], {
    input: JSON.stringify(doc),
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({ valid: true });
});

test('every route of the app is documented, with its request schema', async () => {
  const doc = await document();
  const routes = servedRoutes(app.deps);
  expect(routes.length).toBeGreaterThan(40);
  const missing = routes.filter((r) => {
    const [method, path] = r.split(' ') as [string, string];
    return !doc.paths[path]?.[method];
  });
  expect(missing).toEqual([]);
  // Bodies the routes validate are described by the same schemas.
  const reply = doc.paths['/api/v1/chats/{chatId}/messages']!.post!;
  expect(JSON.stringify(reply.requestBody)).toContain('dataBase64');
  const channels = doc.paths['/api/v1/channels']!.post!;
  expect(JSON.stringify(channels.requestBody)).toContain('phoneNumberId');
});

test('/docs is a page that loads its viewer from this server', async () => {
  const page = await fetch(`${app.url}/docs`);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await page.text();
  for (const asset of ['/docs/assets/swagger-ui-bundle.js', '/docs/assets/init.js', '/docs/assets/swagger-ui.css']) {
    expect(html).toContain(asset);
    expect((await fetch(`${app.url}${asset}`)).status).toBe(200);
  }
  expect((await fetch(`${app.url}/docs/assets/package.json`)).status).toBe(404);
});
