import { PrismaClient } from '../generated/prisma/client';
import { PrismaClient as PostgresPrismaClient } from '../generated/prisma-postgresql/client';
import { isPostgresUrl } from '../config/postgresSchema';
import { createAdapter } from './adapters';

export type Db = PrismaClient;

/**
 * A Prisma client for DATABASE_URL (no engine binary). The PostgreSQL client
 * is generated from the same models, so it has the same API as the SQLite one.
 */
export function createDb(databaseUrl: string): Db {
  if (isPostgresUrl(databaseUrl)) {
    return new PostgresPrismaClient({ adapter: createAdapter(databaseUrl) as never }) as unknown as Db;
  }
  return new PrismaClient({ adapter: createAdapter(databaseUrl) as never });
}

/**
 * SQLite: WAL lets the API read while the worker writes; with WAL,
 * synchronous=NORMAL skips the fsync of every commit (a power cut may lose
 * the last commits, which Temporal's history replays; it cannot corrupt the file).
 * secure_delete=FAST: see src/privacy/anonymiseChats.ts (purgeFreedText).
 */
export async function enableWal(db: Db, databaseUrl: string): Promise<void> {
  if (isPostgresUrl(databaseUrl)) return;
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  // Deleted or overwritten content (an old version of a row) is zeroed in its page rather than
  // left in free space, where it would outlive a person's erasure; FAST costs no extra I/O.
  await db.$queryRawUnsafe('PRAGMA secure_delete = FAST');
}
