import type { Db } from '../db/client';

/**
 * Protocol numbers (SAC, Decreto 11.034/2022): the day a chat opened in the
 * company's time zone (BOT_TIMEZONE) and that day's sequence, `YYYYMMDD` +
 * 6 digits ("20261201000042"). A day past 999,999 chats gets 7 digits: still
 * unique, since the day is always 8.
 */
const SEQUENCE_DIGITS = 6;

/** `YYYYMMDD` of `at` in `timeZone`: 23:30 in São Paulo on Dec 1 is Dec 1 there, Dec 2 in UTC. */
export function protocolDay(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}${part('month')}${part('day')}`;
}

export function formatProtocol(day: string, sequence: number): string {
  return `${day}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** A protocol as a customer or attendant types it ("2026 1201-000042"): its digits, or null if it cannot be one. */
export function normalizeProtocol(input: string): string | null {
  const digits = input.replace(/\D/g, '');
  return /^\d{14,15}$/.test(digits) ? digits : null;
}

type Tx = Pick<Db, '$queryRaw'>;

/**
 * The day's next number, taken inside the caller's transaction: one
 * statement that inserts the day's row or adds one to it (SQLite and
 * PostgreSQL both run `INSERT … ON CONFLICT DO UPDATE … RETURNING`), so the
 * row's write lock orders concurrent processes, and a rolled-back chat gives
 * its number back (no gaps, no duplicates).
 */
export async function nextProtocol(tx: Tx, day: string): Promise<string> {
  const rows = await tx.$queryRaw<{ last: number | bigint }[]>`
    INSERT INTO "ProtocolSequence" ("day", "last") VALUES (${day}, 1)
    ON CONFLICT ("day") DO UPDATE SET "last" = "ProtocolSequence"."last" + 1
    RETURNING "last"`;
  return formatProtocol(day, Number(rows[0]!.last));
}
