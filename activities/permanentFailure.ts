import { ApplicationFailure } from '@temporalio/common';
import { driverCause } from '../src/db/driverCause';
import { wellFormedText } from '../src/text/wellFormedText';

import { PERMANENT_DATA_FAILURE } from '../workflows/types';

/** Prisma codes for a value or row the database refuses, whatever the moment (not P2002: callers handle it). */
const DATA_CODES = new Set([
  'P2000', // too long for the column
  'P2003', // a foreign key, or a trigger's RAISE on SQLite
  'P2004', // a constraint failed
  'P2005', // an invalid stored value
  'P2006', // an invalid value
  'P2007', // data validation
  'P2011', // null in a required column
  'P2012', // a required value missing
  'P2019', // input error
  'P2020', // value out of range
  'P2023', // inconsistent column data
  'P2033', // a number too large
]);

/** Driver errors of the same kind, when Prisma passes them through unmapped. */
const DRIVER_KINDS = new Set([
  'ForeignKeyConstraintViolation',
  'NullConstraintViolation',
  'InvalidInputValue',
  'ValueOutOfRange',
  'LengthMismatch',
]);

/**
 * Whether the database refused this write for good: the value itself is the
 * problem (a byte PostgreSQL rejects, a constraint, a validation error), so
 * the same write fails on every retry. Connection losses, timeouts and write
 * conflicts are not: those are retried until the database is back.
 */
export function isPermanentDbError(err: unknown): boolean {
  const e = err as { name?: string; code?: unknown };
  if (e?.name === 'PrismaClientValidationError') return true;
  if (typeof e?.code === 'string' && DATA_CODES.has(e.code)) return true;
  const cause = driverCause(err);
  if (!cause) return false;
  if (cause.kind && DRIVER_KINDS.has(cause.kind)) return true;
  // PostgreSQL classes 22 (data exception: invalid byte sequence, NUL) and 23 (integrity).
  if (cause.kind === 'postgres' && /^2[23]/.test(cause.code ?? '')) return true;
  return /^SQLITE_(CONSTRAINT|TOOBIG|MISMATCH|RANGE)/.test(cause.originalCode ?? '');
}

/**
 * Runs a database step; a permanent refusal leaves as a non-retryable
 * failure the workflow records, instead of an error retried forever that
 * would stop the chat. Its message names the step and Prisma's code, not
 * the data (failure messages are not encrypted in Temporal's history).
 */
export async function failPermanentlyOnBadData<T>(step: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isPermanentDbError(err)) throw err;
    const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'refused';
    const cause = driverCause(err);
    const detail = wellFormedText(cause?.originalCode ?? cause?.code ?? (err as Error).name ?? '').slice(0, 80);
    throw ApplicationFailure.create({
      type: PERMANENT_DATA_FAILURE,
      message: `${step}: the database refused the write (${code}${detail ? ` ${detail}` : ''})`,
      nonRetryable: true,
    });
  }
}
