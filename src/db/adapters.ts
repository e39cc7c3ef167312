import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { isPostgresUrl } from '../config/postgresSchema';
import { sqlitePathFromUrl } from '../config/paths';

const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

/**
 * Prisma's pg adapter rejects columns of type `name` (OID 19), which the
 * schema engine reads from pg_catalog while migrating. pg already parses them
 * as strings, so reporting them as `text` is exact.
 */
function nameAsText<T>(result: T): T {
  for (const r of (Array.isArray(result) ? result : [result]) as Array<Partial<pg.QueryResult> | undefined>) {
    for (const field of r?.fields ?? []) if (field.dataTypeID === PG_NAME_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

/** Patches the promise form of query(); the callback form is what Pool uses internally. */
function patchQuery(query: (...a: unknown[]) => unknown, self: unknown, args: unknown[]): never {
  const result = query.apply(self, args);
  return (result instanceof Promise ? result.then(nameAsText) : result) as never;
}

// Pool.query serves the adapter's plain queries; pooled clients serve its transactions.
class NameAsTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    return patchQuery(super.query as (...a: unknown[]) => unknown, this, args);
  }
}
class NameAsTextPool extends pg.Pool {
  override query(...args: unknown[]): never {
    return patchQuery(super.query as (...a: unknown[]) => unknown, this, args);
  }
}

/**
 * How long a SQLite statement waits out another process's lock (busy_timeout)
 * before failing with SQLITE_BUSY. better-sqlite3 is synchronous: the wait
 * blocks the whole process (API, worker, Temporal client), so it stays short.
 * Writes hold the lock for milliseconds; a lock held longer is an outage,
 * answered `database_unavailable` (503, Retry-After) well within 5 s.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 2_000;

/**
 * How long a PostgreSQL connection (or a free slot in the pool) may take.
 * pg waits forever by default: a server behind a dead link would hold every
 * request until the OS gives up on the socket, minutes later.
 */
export const PG_CONNECTION_TIMEOUT_MS = 3_000;

/**
 * The driver adapter for DATABASE_URL: better-sqlite3 for `file:`, pg for `postgresql://`.
 * `sqliteBusyTimeoutMs`: longer only where nothing else waits on the process (the migration CLI).
 */
export function createAdapter(
  databaseUrl: string,
  { sqliteBusyTimeoutMs = SQLITE_BUSY_TIMEOUT_MS }: { sqliteBusyTimeoutMs?: number } = {},
): PrismaBetterSQLite3 | PrismaPg {
  if (isPostgresUrl(databaseUrl)) {
    const pool = new NameAsTextPool({
      connectionString: databaseUrl,
      Client: NameAsTextClient,
      max: 10,
      connectionTimeoutMillis: PG_CONNECTION_TIMEOUT_MS,
    });
    return new PrismaPg(pool, {
      disposeExternalPool: true, // $disconnect() closes the pool too
    });
  }
  const file = sqlitePathFromUrl(databaseUrl);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return new PrismaBetterSQLite3({ url: file, timeout: sqliteBusyTimeoutMs });
}

/** Schema and migrations folder for DATABASE_URL's provider. */
export function prismaPaths(databaseUrl: string): { schema: string; migrations: string } {
  const dir = isPostgresUrl(databaseUrl) ? path.join('prisma', 'postgresql') : 'prisma';
  return { schema: path.join(dir, 'schema.prisma'), migrations: path.join(dir, 'migrations') };
}
