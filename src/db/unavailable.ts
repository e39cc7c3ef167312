import { driverCause } from './driverCause';
/**
 * Whether an error means the database did not answer or cannot write now,
 * rather than refusing this request's data: callers answer "retry later"
 * (503 `database_unavailable`), not a 500.
 */

/** Prisma's codes for a server not reached, a timeout, a closed connection, no connection to be had. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);

/** Driver-adapter kinds of the same (what P2010 "raw query failed" wraps). */
const DRIVER_KINDS = new Set(['DatabaseNotReachable', 'SocketTimeout', 'ConnectionClosed', 'TooManyConnections']);

/**
 * SQLite: locked past the busy timeout, disk full, read-only file or mount,
 * I/O error, file gone. Prisma passes them through as the error's code, or as
 * the driver error's original code.
 */
const SQLITE_CODE = /^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CANTOPEN|PROTOCOL)/;

/**
 * PostgreSQL: class 08 (connection exception), admin or crash shutdown,
 * starting up (57P01–57P03), too many connections (53300).
 */
const POSTGRES_CODE = /^(08|57P0[1-3]|53300)/;

/** pg's own errors, which Prisma passes through unmapped (no code): connect timeout, dropped connection. */
const PG_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect)/;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (err.name.startsWith('PrismaClient') || err.name === 'DriverAdapterError') {
    if (typeof code === 'string' && (PRISMA_CODES.has(code) || SQLITE_CODE.test(code))) return true;
    const cause = driverCause(err);
    if (cause?.kind && DRIVER_KINDS.has(cause.kind)) return true;
    if (SQLITE_CODE.test(cause?.originalCode ?? '')) return true;
    if (cause?.kind === 'postgres' && POSTGRES_CODE.test(cause.code ?? '')) return true;
    return false;
  }
  // Raw driver errors: better-sqlite3's SqliteError, and pg's connection errors.
  if (err.name === 'SqliteError' && typeof code === 'string' && SQLITE_CODE.test(code)) return true;
  return code === undefined && PG_MESSAGE.test(err.message);
}
