import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/freePort';
import { projectRoot } from '../../src/config/paths';
import { signBody } from '../../src/channels/signature';

export { freePort };

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

/**
 * The whole product as `npm start` runs it (embedded Temporal dev server,
 * worker, API) in a child process, on free loopback ports and a temp DATA_DIR.
 */
export class Stack {
  /**
   * `env`: extra variables, e.g. a PostgreSQL DATABASE_URL. `processGroup`: run it in a process
   * group of its own, as a terminal does, so `interrupt()` can Ctrl-C the whole group.
   */
  constructor(
    private readonly env: Record<string, string> = {},
    private readonly opts: { processGroup?: boolean } = {},
  ) {}

  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-e2e-'));
  port = 0;
  temporalPort = 0;
  uiPort = 0;
  codecPort = 0;
  output = '';
  private child: ChildProcess | null = null;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get temporalAddress(): string {
    return `127.0.0.1:${this.temporalPort}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) {
      this.port = await freePort();
      this.temporalPort = await freePort();
      this.uiPort = await freePort();
      this.codecPort = await freePort();
    }
    this.output = '';
    // As `npm start` runs it: tsx as a loader, not tsx's CLI, whose signal relay gives the process
    // 30 ms to acknowledge a SIGTERM and SIGKILLs it otherwise (a loaded machine loses the clean stop).
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin/main.ts'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATA_DIR: this.dataDir,
        PORT: String(this.port),
        TEMPORAL_PORT: String(this.temporalPort),
        TEMPORAL_UI_PORT: String(this.uiPort),
        CODEC_PORT: String(this.codecPort),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        TEMPORAL_ADDRESS: '',
        DATABASE_URL: '',
        JWT_SECRET: '',
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: this.opts.processGroup ?? false,
    });
    this.child = child;
    const collect = (chunk: Buffer) => (this.output += chunk.toString());
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stack did not start in 90 s:\n${this.output}`)), 90_000);
      const check = () => {
        if (this.output.includes('Atende is running')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`stack exited with ${code}:\n${this.output}`));
      });
    });
  }

  /** Resolves with the exit code when the process ends by itself. */
  exited(): Promise<number | null> {
    const child = this.child!;
    if (child.exitCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** SIGTERM, as Ctrl-C or a process manager would; resolves with the exit code. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await exited;
    this.child = null;
    return code;
  }

  /** Ctrl-C in a terminal: SIGINT to every process of the group (needs `processGroup`); resolves with the exit code. */
  async interrupt(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    if (!this.opts.processGroup) throw new Error('interrupt() needs a Stack made with { processGroup: true }');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    process.kill(-child.pid!, 'SIGINT');
    const code = await exited;
    this.child = null;
    return code;
  }

  cleanup(): void {
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  async request(
    method: string,
    url: string,
    opts: { body?: unknown; raw?: string | Buffer; token?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | Buffer | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.baseUrl}${url}`, { method, headers, body });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  }

  /**
   * Signs the first admin in; out of the automatic queue (unavailable)
   * unless told otherwise, since most tests take chats by hand. Their token.
   */
  async signInAdmin({ available = false }: { available?: boolean } = {}): Promise<string> {
    const login = await this.request('POST', '/api/v1/auth/login', { body: ADMIN });
    if (login.status !== 200) throw new Error(`admin login answered ${login.status}`);
    const token = login.body.accessToken as string;
    const me = await this.request('PATCH', '/api/v1/me', { token, body: { available } });
    if (me.status !== 200) throw new Error(`PATCH /me answered ${me.status}`);
    return token;
  }

  /** Creates a channel through the API (201 or it throws); its id. */
  async createChannel(token: string, body: Record<string, unknown>): Promise<string> {
    const created = await this.request('POST', '/api/v1/channels', { token, body });
    if (created.status !== 201)
      throw new Error(`channel create answered ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id as string;
  }

  /** A person made by an admin through the API, signed in: their id and access token. */
  async addPerson(
    adminToken: string,
    name: string,
    role: string,
    department: string | null = null,
  ): Promise<{ id: string; token: string }> {
    const email = `${name}@example.com`;
    const password = `${name}-correct-horse-battery`;
    const created = await this.request('POST', '/api/v1/attendants', {
      token: adminToken,
      body: { name, email, password, role, ...(department ? { department } : {}) },
    });
    if (created.status !== 201) throw new Error(`attendant create answered ${created.status}`);
    const login = await this.request('POST', '/api/v1/auth/login', { body: { email, password } });
    return { id: created.body.id as string, token: login.body.accessToken as string };
  }

  /** An API channel named Site whose messages go to `callbackUrl`, signed with `secret`; its id. */
  apiChannel(token: string, secret: string, callbackUrl: string): Promise<string> {
    return this.createChannel(token, { type: 'api', name: 'Site', secret, callbackUrl });
  }

  /** POSTs an API-channel event, signed with `secret` unless a signature is given. */
  webhook(
    channelId: string,
    secret: string,
    event: unknown,
    opts: { signature?: string | null; raw?: string | Buffer } = {},
  ) {
    const raw = opts.raw ?? JSON.stringify(event);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const signature = opts.signature === undefined ? signBody(secret, raw) : opts.signature;
    if (signature !== null) headers['x-atende-signature'] = signature;
    return this.request('POST', `/webhooks/api/${channelId}`, { raw, headers });
  }
}
