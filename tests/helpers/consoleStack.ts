import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { startCallbackReceiver } from './callbackReceiver';
import { ADMIN, Stack } from './stack';

export interface ConsoleStack {
  /** Atende as `npm start` runs it (created at once; started in the file's first beforeAll). */
  readonly stack: Stack;
  browser: Browser;
  /** The first admin's access token. */
  admin: string;
  /** The API channel (with `channelSecret`). */
  channelId: string;
  /** Takes the channel's callbacks (with `channelSecret`). */
  receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
}

/**
 * The browser tests' common set-up, registered as the file's first
 * beforeAll and last afterAll: Atende, real Chromium, the first admin signed
 * in through the API and, with `channelSecret`, an API channel (`channelName`,
 * "Site" by default) whose callbacks a local receiver takes. `available: false` takes the admin out of
 * the automatic queue (chats wait there to be claimed by hand). `env`: extra variables for Atende.
 */
export function useConsoleStack(
  opts: { channelSecret?: string; channelName?: string; available?: boolean; env?: Record<string, string> } = {},
): ConsoleStack {
  const fixture = { stack: new Stack(opts.env) } as ConsoleStack;
  beforeAll(async () => {
    const { stack } = fixture;
    if (opts.channelSecret) fixture.receiver = await startCallbackReceiver();
    await stack.start();
    fixture.browser = await launchChromium();
    const login = await stack.request('POST', '/api/v1/auth/login', { body: ADMIN });
    if (login.status !== 200) throw new Error(`admin login answered ${login.status}`);
    fixture.admin = login.body.accessToken as string;
    if (opts.available !== undefined) {
      const me = await stack.request('PATCH', '/api/v1/me', {
        token: fixture.admin,
        body: { available: opts.available },
      });
      if (me.status !== 200) throw new Error(`PATCH /me answered ${me.status}`);
    }
    if (opts.channelSecret) {
      fixture.channelId = await stack.createChannel(fixture.admin, {
        type: 'api',
        name: opts.channelName ?? 'Site',
        secret: opts.channelSecret,
        callbackUrl: fixture.receiver.url,
      });
    }
  }, 120_000);
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.stack.stop();
    fixture.stack.cleanup();
    await fixture.receiver?.close();
  });
  return fixture;
}
