import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/prisma/client';
import { sqlitePathFromUrl } from './config/paths';

export type Db = PrismaClient;

/** A Prisma client over the SQLite file of `databaseUrl` (no engine binary). */
export function createDb(databaseUrl: string): Db {
  const file = sqlitePathFromUrl(databaseUrl);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // WAL lets the API read while the worker writes; busy_timeout waits out
  // the other process's write lock instead of failing.
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

export async function enableWal(db: Db): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
}
