import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signBody } from '../../src/channels/signature';
import { projectRoot } from '../../src/config/paths';
import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { startDevServer, type DevServer } from '../../src/temporal/devServer';
import { ADMIN, freePort } from './stack';

/**
 * The production layout: one Temporal dev server, `npm run api` and any
 * number of `npm run worker` processes, each its own process on one
 * database, so a test can kill or multiply them.
 */
export class SplitStack {
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-split-'));
  databaseUrl = `file:${path.join(this.dataDir, 'atende.db')}`;
  temporal: DevServer | undefined;
  temporalAddress = '';
  db!: Db;
  apiPort = 0;
  api: ChildProcess | undefined;
  workers: ChildProcess[] = [];
  /** API processes beside the first, each on its own port (addApi). */
  moreApis: Array<{ child: ChildProcess; port: number }> = [];

  constructor(private readonly env: Record<string, string> = {}) {}

  /**
   * `temporalAddress` and `databaseUrl`: a Temporal cluster and a database of the caller's
   * (`npm run cluster`'s), instead of a dev server and a SQLite file of its own.
   */
  async start({
    workers = 1,
    temporalAddress,
    databaseUrl,
  }: { workers?: number; temporalAddress?: string; databaseUrl?: string } = {}): Promise<void> {
    this.apiPort = await freePort();
    if (databaseUrl) this.databaseUrl = databaseUrl;
    if (temporalAddress) {
      this.temporalAddress = temporalAddress;
    } else {
      const [port, uiPort] = [await freePort(), await freePort()];
      this.temporal = await startDevServer({
        dataDir: this.dataDir,
        host: '127.0.0.1',
        port,
        uiPort,
        namespace: 'default',
      });
      this.temporalAddress = this.temporal.address;
    }
    await migrateDatabase(this.databaseUrl);
    this.db = createDb(this.databaseUrl);
    for (let i = 0; i < workers; i++) this.workers.push(await this.startProcess('src/bin/worker.ts', 'Worker polling'));
    this.api = await this.startProcess('src/bin/api.ts', 'API listening');
  }

  /** One more API process on the same database and Temporal, as behind a load balancer. */
  async addApi(): Promise<{ child: ChildProcess; port: number }> {
    const port = await freePort();
    const child = await this.startProcess('src/bin/api.ts', 'API listening', { PORT: String(port) });
    const api = { child, port };
    this.moreApis.push(api);
    return api;
  }

  async stop(): Promise<void> {
    await Promise.all(this.moreApis.map((a) => kill(a.child, 'SIGTERM')));
    await kill(this.api, 'SIGTERM');
    await Promise.all(this.workers.map((w) => kill(w, 'SIGTERM')));
    await this.temporal?.stop();
    await this.db?.$disconnect();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  startProcess(entry: string, ready: string, env: Record<string, string> = {}): Promise<ChildProcess> {
    // As `npm run api|worker` start it: tsx as a loader in the one process, which gets the signals itself.
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: projectRoot,
      // Its own process group, so a signal reaches whatever it started too.
      detached: true,
      env: {
        ...process.env,
        DATA_DIR: this.dataDir,
        DATABASE_URL: this.databaseUrl,
        TEMPORAL_ADDRESS: this.temporalAddress,
        PORT: String(this.apiPort),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        JWT_SECRET: '',
        LOG_LEVEL: 'warn',
        ...this.env,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${output}`)), 90_000);
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(ready)) {
          clearTimeout(timer);
          resolve(child);
        }
      };
      child.stdout!.on('data', collect);
      child.stderr!.on('data', collect);
      child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}:\n${output}`)));
    });
  }

  async call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`http://127.0.0.1:${this.apiPort}${url}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      headers: { 'content-type': 'application/json', ...headers },
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  }

  /** Logs in; the bearer header to send. */
  async login(credentials: { email: string; password: string }): Promise<Record<string, string>> {
    const res = await this.call('POST', '/api/v1/auth/login', credentials);
    if (res.status !== 200) throw new Error(`login ${credentials.email}: ${res.status}`);
    return { authorization: `Bearer ${String(res.body.accessToken)}` };
  }

  /** An API-channel event, signed. */
  webhook(channelId: string, secret: string, event: unknown) {
    return this.call('POST', `/webhooks/api/${channelId}`, event, {
      'x-atende-signature': signBody(secret, JSON.stringify(event)),
    });
  }
}

export function kill(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, signal);
  return exited;
}
