import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CallbackTargets, isPublicAddress } from '../../src/channels/api/callbackTarget';
import { ApiChannelSender, REDIRECT_REFUSED } from '../../src/channels/api/sender';
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
  // IPv4-compatible (the first 96 bits zero): judged by the IPv4 they carry.
  '::127.0.0.1',
  '::7f00:1',
  '::a00:1',
  '224.0.0.1',
])('%s is not public', (address) => expect(isPublicAddress(address)).toBe(false));

test.each(['8.8.8.8', '200.147.67.142', '2001:4860:4860::8888'])('%s is public', (address) =>
  expect(isPublicAddress(address)).toBe(true),
);

test('saving a callbackUrl: literals and names resolving to private ranges are refused, in production only', async () => {
  const production = new CallbackTargets(false);
  expect(await production.problem('http://127.0.0.1:8080/cb')).toMatch(/loopback/);
  expect(await production.problem('http://[::1]/cb')).toMatch(/loopback/);
  // URL spells it [::7f00:1].
  expect(await production.problem('http://[::127.0.0.1]/cb')).toMatch(/loopback/);
  expect(await production.problem('http://[::ffff:127.0.0.1]/cb')).toMatch(/loopback/);
  expect(await production.problem('http://169.254.169.254/latest/meta-data')).toMatch(/linkLocal/);
  expect(await production.problem('http://localhost:3000/cb')).toMatch(/localhost is a loopback address/);
  // The range, never the address a name resolved to.
  expect(await production.problem('http://localhost:3000/cb')).not.toMatch(/127\.0\.0\.1|::1/);
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
    // The refusal becomes the message's deliveryError: generic, naming neither host nor address.
    const refusal = new PermanentDeliveryError('callbackUrl resolves to a non-public address');
    await expect(sender.send(channel(receiver.url), message)).rejects.toThrow(refusal);
    // A name checked at connect time: what it resolves to now is what counts (DNS rebinding).
    const byName = receiver.url.replace('127.0.0.1', 'localhost');
    await expect(sender.send(channel(byName), message)).rejects.toThrow(refusal);
    // IPv4-compatible and IPv4-mapped spellings of loopback.
    for (const host of ['[::127.0.0.1]', '[::7f00:1]', '[::ffff:127.0.0.1]']) {
      const url = receiver.url.replace('127.0.0.1', host);
      await expect(sender.send(channel(url), message)).rejects.toThrow(refusal);
    }
    expect(receiver.attempts()).toBe(0);
  });

  test('in development the same target is delivered', async () => {
    const sender = new ApiChannelSender(media, new CallbackTargets(true));
    expect(await sender.send(channel(receiver.url), message)).toEqual({ status: 'delivered' });
    expect(receiver.received.map((r) => r.body.data.content)).toEqual(['oi']);
  });
});

describe('redirects are never followed', () => {
  // `internal` stands in for a service behind the firewall (loopback); the
  // callback host, on 127.0.0.2, answers every POST with a redirect to it.
  const servers: http.Server[] = [];
  const internalHits: string[] = [];
  const callbackHits: string[] = [];
  let redirect = { status: 307, location: '' };
  let internalPort = 0;
  let callbackUrl = '';

  const listen = async (host: string, handler: http.RequestListener) => {
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return (server.address() as AddressInfo).port;
  };
  beforeAll(async () => {
    internalPort = await listen('127.0.0.1', (req, res) => {
      internalHits.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"internal":true}');
    });
    const port = await listen('127.0.0.2', (req, res) => {
      callbackHits.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => res.writeHead(redirect.status, { location: redirect.location }).end());
    });
    callbackUrl = `http://127.0.0.2:${port}/callback`;
  });
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));
  beforeEach(() => {
    internalHits.length = 0;
    callbackHits.length = 0;
  });

  const media = MediaStore.inDataDir(fs.mkdtempSync(path.join(os.tmpdir(), 'atende-media-')));
  const message = { messageId: 'm-1', externalChatId: 'c-1', sender: 'bot' as const, content: 'oi' };
  const channel: () => ChannelRecord = () => ({
    id: 'ch',
    type: 'api',
    active: true,
    settings: { callbackUrl },
    credentials: { secret: 'a-callback-secret-0123' },
  });
  const policies = {
    // Production's guard, with the callback host's address (127.0.0.2) deemed public.
    guarded: new CallbackTargets(false, (address) => address === '127.0.0.2'),
    // ALLOW_PRIVATE_CALLBACKS: not following redirects does not depend on the guard.
    'private allowed': new CallbackTargets(true),
  };

  describe.each(Object.entries(policies))('%s', (_, targets) => {
    test.each([301, 302, 303, 307, 308])('%i to loopback: a permanent refusal, nothing reaches it', async (status) => {
      const sender = new ApiChannelSender(media, targets);
      for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]']) {
        redirect = { status, location: `http://${host}:${internalPort}/admin/delete-everything` };
        const sent = sender.send(channel(), message);
        await expect(sent).rejects.toThrow(new PermanentDeliveryError(REDIRECT_REFUSED));
        // Nothing of the target (address, port, its answer) in what becomes deliveryError.
        await expect(sent).rejects.not.toThrow(new RegExp(`${internalPort}|127\\.0\\.0\\.1|admin|200`));
      }
      expect(callbackHits).toEqual(['POST /callback', 'POST /callback']);
      expect(internalHits).toEqual([]);
    });
  });
});
