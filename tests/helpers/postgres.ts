import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  finished,
  initdbArgs,
  postgresBinaries,
  postgresUser,
  runPostgresBinary,
  serverArgs,
} from '../../scripts/lib/embeddedPostgres';
import { freePort } from './stack';

/** A throwaway PostgreSQL server on a free loopback port, with a database `atende`. */
export async function startPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const user = postgresUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-pg-'));
  const data = path.join(dir, 'data');
  const password = 'atende-test';
  const pwfile = path.join(dir, 'pw');
  fs.writeFileSync(pwfile, `${password}\n`);
  const native = postgresBinaries(dir, user);

  let log = '';
  const collect = (child: ChildProcess) => {
    child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    return child;
  };
  const initdb = collect(runPostgresBinary(native, 'initdb', initdbArgs(data, 'atende', pwfile), user));
  await finished(initdb, 'initdb', () => log);

  const port = await freePort();
  const server = collect(runPostgresBinary(native, 'postgres', serverArgs(data, port, dir), user));
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
