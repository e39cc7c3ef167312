import { ApiApp } from '../helpers/apiApp';

// /health when Temporal is down: the real app, a real database, and a real
// client pointed at a port where nothing listens.
const app = new ApiApp();
beforeAll(() => app.start());
afterAll(() => app.stop());

test('answers 503 and names Temporal when it is unreachable', async () => {
  const res = await app.request('GET', '/health');
  expect(res.status).toBe(503);
  expect(res.body).toEqual({
    status: 'unavailable',
    checks: { api: 'ok', database: 'ok', temporal: 'unreachable' },
  });
});

test('liveness answers 200 while Temporal is unreachable: the process itself is fine', async () => {
  const res = await app.request('GET', '/livez');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ok' });
});
