/**
 * A separate process taking seats, for races between processes on one
 * SQLite file (better-sqlite3 is synchronous: two connections in one process
 * would block each other's thread). Input: argv[2] JSON
 * `{url, takes?: SeatRequest[], offerTo?: string}`; output: the outcomes as JSON.
 */
import { offerSeats } from '../../src/assignment/dispatcher';
import { takeSeat, type SeatRequest } from '../../src/assignment/seats';
import { createDb } from '../../src/db/client';

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]!) as { url: string; takes?: SeatRequest[]; offerTo?: string };
  const db = createDb(input.url);
  const takes = await Promise.all((input.takes ?? []).map((req) => takeSeat(db, req)));
  const offered = input.offerTo ? (await offerSeats(db, input.offerTo)).map((a) => a.chatId) : [];
  await db.$disconnect();
  process.stdout.write(JSON.stringify({ takes, offered }));
}

void main();
