import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DevServerSupervisor } from '../../src/temporal/devServerSupervisor';
import type { DevServerOptions } from '../../src/temporal/devServer';
import { freePort } from '../helpers/stack';
import { waitFor } from '../helpers/wait';

/**
 * The supervisor of `npm start`'s embedded dev server, on the real Temporal
 * CLI: a frozen server is killed and restarted, a supervisor that is stopping
 * brings nothing back, and it refuses to start beside a server already there.
 * Every test ends with no dev server of its own left running.
 */
const dirs: string[] = [];
const supervisors: DevServerSupervisor[] = [];
const frozen: number[] = [];

async function serverOptions(): Promise<DevServerOptions> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-supervisor-'));
  dirs.push(dataDir);
  return { dataDir, host: '127.0.0.1', port: await freePort(), uiPort: await freePort(), namespace: 'default' };
}

function supervise(
  options: DevServerOptions,
  hooks: Partial<ConstructorParameters<typeof DevServerSupervisor>[1]> = {},
): DevServerSupervisor {
  const supervisor = new DevServerSupervisor(
    options,
    { onGiveUp: () => undefined, ...hooks },
    8,
    // Quicker than the defaults (3 probes × 5 s), so a freeze is caught in seconds.
    { intervalMs: 2_000, timeoutMs: 2_000, failures: 3 },
  );
  supervisors.push(supervisor);
  return supervisor;
}

/** The dev server processes started for `port` (found by their command line). */
function devServerPids(port: number): number[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('start-dev') && l.includes(`--port ${port} `))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000, () => (socket.destroy(), resolve(true)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

afterEach(async () => {
  for (const pid of frozen.splice(0)) {
    try {
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const supervisor of supervisors.splice(0)) await supervisor.stop();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('a frozen dev server (SIGSTOP) is killed and restarted; the address answers again', async () => {
  const options = await serverOptions();
  const reasons: string[] = [];
  const supervisor = supervise(options, { onRestart: (_, reason) => reasons.push(reason) });
  await supervisor.start();
  const [pid] = devServerPids(options.port);
  expect(pid).toBeDefined();
  frozen.push(pid!);
  const started = Date.now();
  process.kill(pid!, 'SIGSTOP');

  await waitFor(
    () => Promise.resolve(supervisor.restartCount),
    (n) => n === 1,
    30_000,
  );
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(reasons[0]).toMatch(/did not answer/);
  // The frozen one is gone (killed), a new one answers on the same port.
  expect(devServerPids(options.port)).not.toContain(pid);
  expect(devServerPids(options.port)).toHaveLength(1);
  expect(await listening(options.port)).toBe(true);
}, 60_000);

test('a supervisor stopping while its server dies and is being restarted leaves nothing running', async () => {
  const options = await serverOptions();
  let restarting!: () => void;
  const restartBegun = new Promise<void>((resolve) => (restarting = resolve));
  const supervisor = supervise(options, { onRestart: () => restarting() });
  await supervisor.start();
  const [pid] = devServerPids(options.port);
  // As Ctrl-C does: the server dies first, and the stop begins while it is being brought back
  // (after the first second of backoff, while the new process starts).
  process.kill(pid!, 'SIGINT');
  await restartBegun;
  await new Promise((r) => setTimeout(r, 1_500));
  await supervisor.stop();

  // Nothing comes up afterwards either.
  await new Promise((r) => setTimeout(r, 5_000));
  expect(devServerPids(options.port)).toEqual([]);
  expect(await listening(options.port)).toBe(false);
  expect(await listening(options.uiPort)).toBe(false);
}, 60_000);

test('a second supervisor on the ports of a running server fails at once, saying what to do', async () => {
  const options = await serverOptions();
  await supervise(options).start();
  const [first] = devServerPids(options.port);

  const started = Date.now();
  const second = supervise({ ...options, dataDir: (await serverOptions()).dataDir });
  const err = await second.start().then(
    () => null,
    (e: unknown) => e as Error,
  );
  expect(err).toBeInstanceOf(Error);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(err!.message).toContain(`port ${options.port}`);
  expect(err!.message).toContain(`lsof -i :${options.port}`);
  expect(err!.message).toContain(`fuser -k ${options.port}/tcp`);
  // It started nothing: the first server is the only one, and still answers.
  expect(devServerPids(options.port)).toEqual([first]);
  expect(await listening(options.port)).toBe(true);

  // The Web UI's port alone taken is refused the same way.
  const uiOnly = await serverOptions();
  const squatter = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => squatter.listen(uiOnly.uiPort, '127.0.0.1', resolve));
  try {
    const uiErr = await supervise(uiOnly)
      .start()
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(uiErr?.message).toContain(`port ${uiOnly.uiPort}`);
    expect(devServerPids(uiOnly.port)).toEqual([]);
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
}, 60_000);
