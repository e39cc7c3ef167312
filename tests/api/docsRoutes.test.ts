import fs from 'node:fs';
import path from 'node:path';
import { ApiApp } from '../helpers/apiApp';
import { servedRoutes } from '../helpers/appRoutes';

// docs/api.md is the HTTP contract: a route the app serves and the contract does not name fails here.

const app = new ApiApp();
beforeAll(() => app.start());
afterAll(() => app.stop());

/**
 * The routes docs/api.md names, in any of the forms it writes them:
 * `GET /api/v1/chats/:chatId`, `GET|POST /webhooks/whatsapp/:channelId`,
 * `GET/PATCH/DELETE /api/v1/attendants/:id`. Parameter names may differ
 * from the router's (`:id` against `:chatId`), so both sides compare with
 * every parameter as `{}`.
 */
function documentedRoutes(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const match of markdown.matchAll(
    /\b((?:GET|POST|PUT|PATCH|DELETE)(?:[|/](?:GET|POST|PUT|PATCH|DELETE))*) (\/[^\s`?)]*)/g,
  )) {
    for (const method of match[1]!.split(/[|/]/)) found.add(`${method.toLowerCase()} ${normalise(match[2]!)}`);
  }
  return found;
}

const normalise = (route: string) => route.replace(/\/$/, '').replace(/(:\w+|\{\w+\})/g, '{}');

test('docs/api.md names every route the app serves', () => {
  const markdown = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'api.md'), 'utf8');
  const documented = documentedRoutes(markdown);
  const served = servedRoutes(app.deps).map((r) => {
    const [method, route] = r.split(' ') as [string, string];
    return `${method} ${normalise(route)}`;
  });
  expect(served.length).toBeGreaterThan(40);
  expect(served.filter((r) => !documented.has(r))).toEqual([]);
});

test('the check reads every form the contract uses', () => {
  const documented = documentedRoutes(
    'A `GET|POST /webhooks/whatsapp/:channelId` and `GET/PATCH/DELETE /api/v1/attendants/:id`, `POST /x/`.',
  );
  expect([...documented].sort()).toEqual(
    [
      'get /webhooks/whatsapp/{}',
      'post /webhooks/whatsapp/{}',
      'get /api/v1/attendants/{}',
      'patch /api/v1/attendants/{}',
      'delete /api/v1/attendants/{}',
      'post /x',
    ].sort(),
  );
});
