import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporalCliPath } from './binaries';

export interface DevServer {
  address: string;
  uiUrl: string;
  /** Its process id. */
  pid: number | undefined;
  /** Whether its process is still alive (it may be alive but frozen). */
  readonly running: boolean;
  /** Resolves when the process ends, however it ends (its exit code, or null for a signal). */
  exited: Promise<number | null>;
  /** SIGKILL: for a server that no longer answers (SIGTERM would wait on a frozen one). */
  kill(): void;
  stop(): Promise<void>;
}

/** Something already listens where the dev server must: most often a dev server left running. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/** A loopback address that reaches a server listening on `host` (a wildcard included). */
function reachable(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host;
}

/** Whether a TCP connection to host:port is accepted (a frozen process's socket still accepts). */
export function isListening(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: reachable(host), port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Refuses to start beside whatever holds the dev server's ports: a new server
 * could not bind them, and an old one answering there would pass for the new.
 */
async function assertPortsFree(opts: DevServerOptions): Promise<void> {
  for (const [port, what, variable] of [
    [opts.port, 'Temporal', 'TEMPORAL_PORT'],
    [opts.uiPort, 'Temporal Web UI', 'TEMPORAL_UI_PORT'],
  ] as const) {
    if (!(await isListening(opts.host, port))) continue;
    throw new PortInUseError(
      `cannot start the Temporal dev server: port ${port} (${what}) on ${opts.host} is already in use, ` +
        `most likely by a Temporal dev server left running by an earlier \`npm start\`. ` +
        `Find it with \`lsof -i :${port}\` (or \`ss -ltnp 'sport = :${port}'\`) and stop it ` +
        `(\`kill <pid>\`, or \`fuser -k ${port}/tcp\`); or set ${variable} to a free port; ` +
        `or, to use a server that is running on purpose, set TEMPORAL_ADDRESS.`,
    );
  }
}

export interface DevServerOptions {
  dataDir: string;
  host: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** Where the Web UI decodes payloads (the codec server), so encrypted chats read as text there. */
  uiCodecEndpoint?: string;
  onLog?: (line: string) => void;
}

/**
 * Runs `temporal server start-dev` with its SQLite file in dataDir, so chats
 * survive restarts, and waits until it answers. Throws PortInUseError, having
 * started nothing, when its ports are taken. `signal` cancels a start under
 * way: the process is stopped and the call rejects.
 */
export async function startDevServer(opts: DevServerOptions, signal?: AbortSignal): Promise<DevServer> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  await assertPortsFree(opts);
  signal?.throwIfAborted();
  const child = spawn(
    temporalCliPath(),
    [
      'server',
      'start-dev',
      '--ip',
      opts.host,
      '--port',
      String(opts.port),
      '--ui-port',
      String(opts.uiPort),
      '--db-filename',
      path.join(opts.dataDir, 'temporal.db'),
      '--namespace',
      opts.namespace,
      '--log-level',
      'warn',
      // Its SQLite file with default pragmas syncs every commit: WAL with
      // synchronous=normal measured twice the throughput, and a power loss
      // can lose only the last commits, never corrupt the file.
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
      // Workflow tasks dispatched round-robin across fairness keys (one per channel, set by
      // ChatGateway) instead of first in, first out: one channel's burst cannot starve the others.
      '--dynamic-config-value',
      'matching.enableFairness=true',
      ...(opts.uiCodecEndpoint ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    for (const line of chunk.toString().split('\n')) if (line.trim()) opts.onLog?.(line);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const address = `${opts.host}:${opts.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with ${child.exitCode}:\n${output}`);
    if (signal?.aborted) {
      await stopChild(child, exited);
      throw new Error('temporal dev server start cancelled');
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGTERM');
        throw new Error(`temporal dev server did not answer on ${address} within 60 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    address,
    uiUrl: `http://${opts.host}:${opts.uiPort}`,
    pid: child.pid,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    exited,
    kill: () => void child.kill('SIGKILL'),
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
