import { createDb, type Db } from '../../src/db/client';
import { startCallbackReceiver } from './callbackReceiver';
import { Stack } from './stack';

/**
 * `npm start`'s own process with one API channel that calls a local
 * receiver back, and the first admin signed in (out of the automatic
 * queue): what most end-to-end tests of the API channel start from.
 */
export class ApiChannelFixture {
  readonly stack: Stack;
  receiver!: Awaited<ReturnType<typeof startCallbackReceiver>>;
  /** The product's own SQLite file, read as a second client. */
  db!: Db;
  /** The first admin's access token. */
  admin!: string;
  channelId!: string;

  constructor(
    readonly secret: string,
    env: Record<string, string> = {},
  ) {
    this.stack = new Stack(env);
  }

  async setUp(): Promise<void> {
    await this.stack.start();
    this.receiver = await startCallbackReceiver();
    this.db = createDb(`file:${this.stack.dataDir}/atende.db`);
    this.admin = await this.stack.signInAdmin();
    this.channelId = await this.stack.apiChannel(this.admin, this.secret, this.receiver.url);
  }

  /** A signed API-channel event to the channel. */
  send(event: unknown) {
    return this.stack.webhook(this.channelId, this.secret, event);
  }

  /** Stops everything and removes the data; the product's exit code. */
  async tearDown(): Promise<number | null> {
    await this.db?.$disconnect();
    const code = await this.stack.stop();
    await this.receiver?.close();
    this.stack.cleanup();
    return code;
  }
}
