import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../freePort';

export { freePort };

/** Starting, stopping and weighing the processes the benchmark drives. */

export const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export interface Running {
  child: ChildProcess;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Runs `tsx <entry>` in its own process group with a fresh DATA_DIR; resolves once `ready` is printed. */
export async function startTsx(entry: string, ready: string, env: Record<string, string>): Promise<Running> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-bench-'));
  // PROFILE_DIR: each thread writes a CPU profile there when the process exits.
  const [command, args] = env.PROFILE_DIR
    ? [process.execPath, ['--cpu-prof', `--cpu-prof-dir=${env.PROFILE_DIR}`, '--import', 'tsx', entry]]
    : [TSX, [entry]];
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      JWT_SECRET: '',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start in 120 s:\n${output}`)), 120_000);
    child.stdout!.on('data', () => {
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(-child.pid!, 'SIGTERM');
        const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs a one-shot `tsx <script>` with `env` and waits for it. */
export function runTsx(script: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}

function rssKiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function children(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function isTemporal(pid: number): boolean {
  try {
    return path.basename(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '') === 'temporal';
  } catch {
    return false;
  }
}

/** RSS in MiB of a process tree, the Temporal dev server (and its children) counted apart. */
export function treeRss(root: number): { product: number; temporal: number } {
  let product = 0;
  let temporal = 0;
  const walk = (pid: number, inTemporal: boolean) => {
    const temporalHere = inTemporal || isTemporal(pid);
    if (temporalHere) temporal += rssKiB(pid);
    else product += rssKiB(pid);
    for (const child of children(pid)) walk(child, temporalHere);
  };
  walk(root, false);
  return { product: product / 1024, temporal: temporal / 1024 };
}
