import { ApiApp } from '../helpers/apiApp';

const app = new ApiApp();
let supervisor: string;
let attendant: string;
beforeAll(async () => {
  await app.start();
  supervisor = (await app.as('supervisor')).token;
  attendant = (await app.as('attendant')).token;
});
afterAll(() => app.stop());

const training = { tag: 'boleto_2via', group: 'financeiro', documents: [{ pageContent: 'Segunda via no app.' }] };

describe('/api/v1/trainings', () => {
  test('requires authentication', async () => {
    await app.expectAuthRequired('GET', '/api/v1/trainings');
    await app.expectAuthRequired('POST', '/api/v1/trainings', training);
  });

  test('requires a supervisor or an admin', async () => {
    expect((await app.request('GET', '/api/v1/trainings', { token: attendant })).status).toBe(403);
  });

  test.each([
    ['a tag with spaces', { ...training, tag: 'segunda via' }, 'body.tag'],
    ['a group equal to the tag', { ...training, group: 'boleto_2via' }, 'body.group'],
    ['an empty document', { ...training, documents: [{ pageContent: ' ' }] }, 'body.documents.0.pageContent'],
  ])('%s → 400 naming the field, nothing written', async (_case, body, field) => {
    const res = await app.request('POST', '/api/v1/trainings', { token: supervisor, body });
    expect(res.status).toBe(400);
    expect(res.body.error.message.startsWith(field)).toBe(true);
    expect(await app.db.training.count()).toBe(0);
  });

  test('an unknown tag → 404', async () => {
    expect((await app.request('GET', '/api/v1/trainings/nope', { token: supervisor })).status).toBe(404);
  });
});
