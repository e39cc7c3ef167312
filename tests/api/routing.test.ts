import { ApiApp } from '../helpers/apiApp';

const app = new ApiApp();
let admin: { token: string };
let supervisor: { token: string };
beforeAll(async () => {
  await app.start();
  admin = await app.as('admin');
  supervisor = await app.as('supervisor');
});
afterAll(() => app.stop());

const config = {
  rules: [{ intent: 'billing', department: 'financeiro', skills: ['boleto'], priority: 'high' }],
  defaultDepartment: 'suporte',
};

describe('GET|PUT /api/v1/routing', () => {
  test('requires authentication', async () => {
    await app.expectAuthRequired('GET', '/api/v1/routing');
    await app.expectAuthRequired('PUT', '/api/v1/routing', config);
  });

  test('requires an admin', async () => {
    expect((await app.request('PUT', '/api/v1/routing', { token: supervisor.token, body: config })).status).toBe(403);
  });

  test.each([
    ['unknown intent', { rules: [{ intent: 'weather' }] }, 'body.rules.0.intent'],
    ['unknown priority', { rules: [{ intent: 'billing', priority: 'asap' }] }, 'body.rules.0.priority'],
    ['two rules for one intent', { rules: [{ intent: 'billing' }, { intent: 'billing' }] }, 'body.rules'],
    ['an unknown field', { rules: [], teams: [] }, 'body'],
    ['an empty department', { rules: [], defaultDepartment: '' }, 'body.defaultDepartment'],
  ])('%s → 400 naming the field, nothing written', async (_case, body, field) => {
    const res = await app.request('PUT', '/api/v1/routing', { token: admin.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.message.startsWith(field)).toBe(true);
    expect(await app.db.setting.count()).toBe(0);
  });

  test('an admin sets the rules and reads them back', async () => {
    expect((await app.request('GET', '/api/v1/routing', { token: admin.token })).body).toEqual({ rules: [] });
    const put = await app.request('PUT', '/api/v1/routing', { token: admin.token, body: config });
    expect(put.status).toBe(200);
    expect((await app.request('GET', '/api/v1/routing', { token: admin.token })).body).toEqual(config);
  });
});
