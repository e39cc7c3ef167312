import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/config/paths';
import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { offerSeats } from '../../src/assignment/dispatcher';
import { takeSeat, type SeatOutcome, type SeatRequest } from '../../src/assignment/seats';
import { createTestDatabase } from '../helpers/database';
import { startPostgres } from '../helpers/postgres';

// Capacity has one owner: the seat transaction. Two processes (workers or
// API processes) race on one database: on PostgreSQL two clients stand for
// them; on SQLite they are real processes (tests/helpers/seatRacer.ts), since
// better-sqlite3 blocks its thread while it waits for another's lock.

interface Racer {
  take(reqs: SeatRequest[]): Promise<SeatOutcome[]>;
  offer(attendantId: string): Promise<string[]>;
}

interface Racers {
  /** For seeding and reading. */
  db: Db;
  a: Racer;
  b: Racer;
  close: () => Promise<void>;
}

const run = promisify(execFile);

/** A racer in its own process. */
function processRacer(url: string): Racer {
  const call = async (input: object) => {
    const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
    const script = path.join(projectRoot, 'tests', 'helpers', 'seatRacer.ts');
    const { stdout } = await run(tsx, [script, JSON.stringify({ url, ...input })], { cwd: projectRoot });
    return JSON.parse(stdout) as { takes: SeatOutcome[]; offered: string[] };
  };
  return {
    take: async (takes) => (await call({ takes })).takes,
    offer: async (offerTo) => (await call({ offerTo })).offered,
  };
}

/** A racer on its own client in this process. */
function clientRacer(db: Db): Racer {
  return {
    take: (reqs) => Promise.all(reqs.map((req) => takeSeat(db, req))),
    offer: async (attendantId) => (await offerSeats(db, attendantId)).map((a) => a.chatId),
  };
}

async function seed(db: Db, chats: number, { maxConcurrent = 2, held = 1 } = {}) {
  const channel = await db.channel.create({ data: { type: 'api', name: 'seats' } });
  const contact = await db.contact.create({
    data: { identities: { create: { channelId: channel.id, externalId: 'c' } } },
  });
  for (const id of ['ana', 'bob']) {
    await db.attendant.create({
      data: { id, name: id, email: `${id}@example.com`, passwordHash: 'x', maxConcurrent, available: true },
    });
  }
  const ids: string[] = [];
  for (let i = 0; i < chats; i++) {
    const id = `chat-${i}`;
    await db.chat.create({
      data: {
        id,
        workflowId: `wf-${i}`,
        channelId: channel.id,
        externalChatId: `x-${i}`,
        contactId: contact.id,
        status: i < held ? 'waiting_attendant' : 'transferred',
        attendantId: i < held ? 'ana' : null,
        queuedAt: i < held ? null : new Date(Date.now() + i),
        startedAt: new Date(),
      },
    });
    ids.push(id);
  }
  return ids;
}

const providers: Array<[string, () => Promise<Racers>]> = [
  [
    'SQLite',
    async () => {
      const database = await createTestDatabase();
      return {
        db: database.db,
        a: processRacer(database.url),
        b: processRacer(database.url),
        close: () => database.cleanup(),
      };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const postgres = await startPostgres();
      await migrateDatabase(postgres.url);
      const [db, a, b] = [createDb(postgres.url), createDb(postgres.url), createDb(postgres.url)];
      return {
        db,
        a: clientRacer(a),
        b: clientRacer(b),
        close: async () => {
          await Promise.all([db.$disconnect(), a.$disconnect(), b.$disconnect()]);
          await postgres.stop();
        },
      };
    },
  ],
];

describe.each(providers)('seats on %s', (_name, open) => {
  let racers: Racers;
  beforeAll(async () => {
    racers = await open();
  }, 120_000);
  afterAll(async () => racers?.close());
  beforeEach(async () => {
    const { db } = racers;
    for (const table of [db.chat, db.contact, db.channel, db.attendant] as const) {
      await (table as { deleteMany: () => Promise<unknown> }).deleteMany();
    }
  });

  const holding = (db: Db, attendantId: string) =>
    db.chat.count({ where: { attendantId, status: { notIn: ['resolved', 'cancelled'] } } });

  test('two claims at the limit from two processes: one passes, one is refused', async () => {
    const [, first, second] = await seed(racers.db, 3);
    const outcomes = await Promise.all([
      racers.a.take([{ chatId: first!, attendantId: 'ana', by: 'command' }]),
      racers.b.take([{ chatId: second!, attendantId: 'ana', by: 'command' }]),
    ]);
    expect(outcomes.flat().sort()).toEqual(['at_capacity', 'taken']);
    expect(await holding(racers.db, 'ana')).toBe(2);
  });

  test('twenty takes at once, from two processes, never pass the limit', async () => {
    const ids = (await seed(racers.db, 21)).slice(1);
    const reqs = ids.map((chatId, i) => ({ chatId, attendantId: 'ana', by: i % 3 ? 'queue' : 'command' }) as const);
    const outcomes = await Promise.all([
      racers.a.take(reqs.filter((_, i) => i % 2 === 0)),
      racers.b.take(reqs.filter((_, i) => i % 2 === 1)),
    ]);
    expect(outcomes.flat().filter((o) => o === 'taken')).toHaveLength(1);
    expect(await holding(racers.db, 'ana')).toBe(2);
  });

  test('one queued chat offered to two attendants at once goes to one', async () => {
    const [chatId] = await seed(racers.db, 1, { held: 0 });
    const outcomes = await Promise.all([
      racers.a.take([{ chatId: chatId!, attendantId: 'ana', by: 'queue' }]),
      racers.b.take([{ chatId: chatId!, attendantId: 'bob', by: 'queue' }]),
    ]);
    expect(outcomes.flat().sort()).toEqual(['chat_gone', 'taken']);
  });

  test('a claim moves the seat; the queue never takes a held chat', async () => {
    const [held] = await seed(racers.db, 1);
    expect(await takeSeat(racers.db, { chatId: held!, attendantId: 'bob', by: 'queue' })).toBe('chat_gone');
    expect(await takeSeat(racers.db, { chatId: held!, attendantId: 'bob', by: 'command' })).toBe('taken');
    expect(await holding(racers.db, 'ana')).toBe(0);
    expect(await holding(racers.db, 'bob')).toBe(1);
  });

  test('an attendant with room is offered the queue in order, up to their limit, by two processes at once', async () => {
    await seed(racers.db, 6);
    const given = (await Promise.all([racers.a.offer('ana'), racers.b.offer('ana')])).flat();
    expect(given).toEqual(['chat-1']); // the oldest, once
    expect(await holding(racers.db, 'ana')).toBe(2);
  });
});
