import { ApiApp } from '../helpers/apiApp';
import { inactivityPlanOf } from '../../src/inactivity/settings';

// A channel's `inactivity` (docs/api.md, "Channels"): per waiting state, a warning and a close.
const app = new ApiApp();
let admin: string;
let attendant: string;
beforeAll(async () => {
  await app.start();
  admin = (await app.as('admin')).token;
  attendant = (await app.as('attendant')).token;
});
afterAll(() => app.stop());

const api = { type: 'api', name: 'Site', secret: 'a-channel-secret-123', callbackUrl: 'http://127.0.0.1:4000/cb' };
const create = async () =>
  (await app.request('POST', '/api/v1/channels', { token: admin, body: api })).body as { id: string };

test('PATCH sets it; GET shows it; the chat reads it in milliseconds', async () => {
  const { id } = await create();
  const inactivity = {
    withBot: { warnAfter: '90 seconds', closeAfter: '10 minutes' },
    waitingCustomer: { closeAfter: '24 hours' },
  };
  const patched = await app.request('PATCH', `/api/v1/channels/${id}`, { token: admin, body: { inactivity } });
  expect(patched.status).toBe(200);
  expect(patched.body.inactivity).toEqual(inactivity);
  const row = await app.db.channel.findUniqueOrThrow({ where: { id } });
  expect(inactivityPlanOf(JSON.parse(row.settings))).toEqual({
    withBot: { warnAfterMs: 90_000, closeAfterMs: 600_000 },
    waitingCustomer: { warnAfterMs: null, closeAfterMs: 86_400_000 },
  });
  const read = await app.request('GET', `/api/v1/channels/${id}`, { token: admin });
  expect(read.body.inactivity).toEqual(inactivity);
});

test('only an admin changes it', async () => {
  const { id } = await create();
  const res = await app.request('PATCH', `/api/v1/channels/${id}`, {
    token: attendant,
    body: { inactivity: { withBot: { closeAfter: '1 hour' } } },
  });
  expect(res.status).toBe(403);
});

test.each([
  ['a negative duration', { withBot: { warnAfter: '-5 minutes' } }, 'body.inactivity.withBot.warnAfter'],
  ['a zero duration', { waitingCustomer: { closeAfter: '0 seconds' } }, 'body.inactivity.waitingCustomer.closeAfter'],
  ['a duration that is not one', { withBot: { closeAfter: 'soon' } }, 'body.inactivity.withBot.closeAfter'],
  ['a number', { withBot: { closeAfter: 60 } }, 'body.inactivity.withBot.closeAfter'],
  [
    'a close before the warning',
    { withBot: { warnAfter: '1 hour', closeAfter: '30 minutes' } },
    'body.inactivity.withBot.closeAfter',
  ],
  ['an unknown state', { waitingAttendant: { closeAfter: '1 hour' } }, 'body.inactivity'],
  ['an unknown field', { withBot: { remindAfter: '1 hour' } }, 'body.inactivity.withBot'],
])('%s → 400 naming the field, nothing written', async (_case, inactivity, field) => {
  const { id } = await create();
  const before = await app.db.channel.findUniqueOrThrow({ where: { id } });
  const res = await app.request('PATCH', `/api/v1/channels/${id}`, { token: admin, body: { inactivity } });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_request');
  expect(res.body.error.message.startsWith(field)).toBe(true);
  expect((await app.db.channel.findUniqueOrThrow({ where: { id } })).settings).toBe(before.settings);
});

test('a bad inactivity at create → 400, nothing written', async () => {
  const count = await app.db.channel.count();
  const res = await app.request('POST', '/api/v1/channels', {
    token: admin,
    body: { ...api, inactivity: { withBot: { closeAfter: '-1 hours' } } },
  });
  expect(res.status).toBe(400);
  expect(res.body.error.message.startsWith('body.inactivity.withBot.closeAfter')).toBe(true);
  expect(await app.db.channel.count()).toBe(count);
});
