import { startCallbackReceiver } from '../helpers/callbackReceiver';
import { checkAwkwardText } from '../helpers/awkwardText';
import { ADMIN, Stack } from '../helpers/stack';

// Awkward text on every text field of the API channel and the commands, on
// SQLite (tests/e2e/postgres.test.ts runs the same on PostgreSQL).
const SECRET = 'awkward-text-secret-0123456789';
const stack = new Stack();
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;

beforeAll(async () => {
  receiver = await startCallbackReceiver();
  await stack.start();
}, 120_000);

afterAll(async () => {
  await stack.stop();
  await receiver?.close();
  stack.cleanup();
});

test('no text stops a chat: repaired, stored, and the next message answered', async () => {
  const token = (await stack.request('POST', '/api/v1/auth/login', { body: ADMIN })).body.accessToken;
  const channel = await stack.request('POST', '/api/v1/channels', {
    token,
    body: { type: 'api', name: 'Awkward', secret: SECRET, callbackUrl: receiver.url },
  });
  await checkAwkwardText(stack, { channelId: channel.body.id, secret: SECRET, token, receiver });
}, 180_000);
