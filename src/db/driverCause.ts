/** What a driver adapter says of a failed statement, where Prisma passes it on. */
export interface DriverCause {
  kind?: string;
  code?: string;
  originalCode?: string;
}

/** The driver adapter's own error under a Prisma error (or the adapter's error itself). */
export function driverCause(err: unknown): DriverCause | undefined {
  const e = err as { meta?: { driverAdapterError?: { cause?: DriverCause } }; cause?: DriverCause; name?: string };
  return e?.meta?.driverAdapterError?.cause ?? (e?.name === 'DriverAdapterError' ? e.cause : undefined);
}
