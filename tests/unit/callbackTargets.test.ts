import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CallbackTargets, isPublicAddress } from '../../src/channels/api/callbackTarget';
import { ApiChannelSender } from '../../src/channels/api/sender';
import { PermanentDeliveryError, type ChannelRecord } from '../../src/channels/types';
import { MediaStore } from '../../src/media/mediaStore';
import { startCallbackReceiver } from '../helpers/callbackReceiver';

// The SSRF guard of API-channel callbacks (NODE_ENV=production without
// ALLOW_PRIVATE_CALLBACKS): checked when a URL is saved and on every
// connection, over real HTTP to a receiver on loopback.

test.each([
  '127.0.0.1',
  '127.8.9.10',
  '::1',
  '0.0.0.0',
  '10.1.2.3',
  '172.16.0.1',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  'fc00::1',
  'fe80::1',
  '::ffff:127.0.0.1',
  '::ffff:10.0.0.1',
  '224.0.0.1',
])('%s is not public', (address) => expect(isPublicAddress(address)).toBe(false));

test.each(['8.8.8.8', '200.147.67.142', '2001:4860:4860::8888'])('%s is public', (address) =>
  expect(isPublicAddress(address)).toBe(true),
);

test('saving a callbackUrl: literals and names resolving to private ranges are refused, in production only', async () => {
  const production = new CallbackTargets(false);
  expect(await production.problem('http://127.0.0.1:8080/cb')).toMatch(/loopback/);
  expect(await production.problem('http://[::1]/cb')).toMatch(/loopback/);
  expect(await production.problem('http://169.254.169.254/latest/meta-data')).toMatch(/linkLocal/);
  expect(await production.problem('http://localhost:3000/cb')).toMatch(/localhost is a loopback address/);
  expect(await production.problem('http://no-such-host.invalid/cb')).toMatch(/does not resolve/);
  expect(await production.problem('https://8.8.8.8/cb')).toBeNull();
  expect(await new CallbackTargets(true).problem('http://127.0.0.1:8080/cb')).toBeNull();
});

describe('sending', () => {
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
  const media = MediaStore.inDataDir(fs.mkdtempSync(path.join(os.tmpdir(), 'atende-media-')));
  const message = { messageId: 'm-1', externalChatId: 'c-1', sender: 'bot' as const, content: 'oi' };
  const channel = (callbackUrl: string): ChannelRecord => ({
    id: 'ch',
    type: 'api',
    active: true,
    settings: { callbackUrl },
    credentials: { secret: 'a-callback-secret-0123' },
  });
  beforeAll(async () => (receiver = await startCallbackReceiver()));
  afterAll(() => receiver.close());

  test('a private literal or a name that resolves to one fails for good, and no request leaves', async () => {
    const sender = new ApiChannelSender(media, new CallbackTargets(false));
    await expect(sender.send(channel(receiver.url), message)).rejects.toBeInstanceOf(PermanentDeliveryError);
    // A name checked at connect time: what it resolves to now is what counts (DNS rebinding).
    const byName = receiver.url.replace('127.0.0.1', 'localhost');
    await expect(sender.send(channel(byName), message)).rejects.toThrow(/non-public address/);
    expect(receiver.attempts()).toBe(0);
  });

  test('in development the same target is delivered', async () => {
    const sender = new ApiChannelSender(media, new CallbackTargets(true));
    expect(await sender.send(channel(receiver.url), message)).toEqual({ status: 'delivered' });
    expect(receiver.received.map((r) => r.body.data.content)).toEqual(['oi']);
  });
});
