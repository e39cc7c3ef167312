import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createChatActivities } from '../../activities/chatStore';
import { projectRoot } from '../../src/config/paths';
import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { createTestDatabase } from '../helpers/database';
import { startPostgres } from '../helpers/postgres';

// Protocol numbers are unique across processes and have no gaps: several
// processes (SQLite: real ones, see tests/helpers/protocolRacer.ts) or
// several clients (PostgreSQL) open chats on one database at once.

/** 23:30 in São Paulo on Dec 1 (02:30 UTC on Dec 2): the protocol's day is Dec 1. */
const STARTED_AT = '2026-12-02T02:30:00.000Z';
const DAY = '20261201';
const PER_RACER = 15;

type Opener = (chatIds: string[]) => Promise<Array<string | null>>;

interface Setup {
  db: Db;
  /** This database's migration 0009. */
  backfill: string;
  openers: Opener[];
  close: () => Promise<void>;
}

const run = promisify(execFile);

function processOpener(url: string, channelId: () => string): Opener {
  return async (chatIds) => {
    const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
    const script = path.join(projectRoot, 'tests', 'helpers', 'protocolRacer.ts');
    const input = { url, channelId: channelId(), chatIds, startedAt: STARTED_AT };
    const { stdout } = await run(tsx, [script, JSON.stringify(input)], { cwd: projectRoot });
    return JSON.parse(stdout) as string[];
  };
}

function clientOpener(db: Db, channelId: () => string): Opener {
  const { recordChat } = createChatActivities({ db, timeZone: 'America/Sao_Paulo' });
  return (chatIds) =>
    Promise.all(
      chatIds.map(
        async (chatId) =>
          (
            await recordChat({
              chatId,
              workflowId: `wf-${chatId}`,
              channelId: channelId(),
              externalChatId: chatId,
              startedAt: STARTED_AT,
              entry: { seq: 1, at: STARTED_AT, from: null, to: 'waiting', actor: 'channel' },
            })
          ).protocol,
      ),
    );
}

let channelId = '';
const providers: Array<[string, () => Promise<Setup>]> = [
  [
    'SQLite',
    async () => {
      const database = await createTestDatabase();
      const openers = [1, 2, 3].map(() => processOpener(database.url, () => channelId));
      const backfill = path.join(projectRoot, 'prisma', 'migrations', '0009_protocol_backfill', 'migration.sql');
      return { db: database.db, backfill, openers, close: () => database.cleanup() };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const postgres = await startPostgres();
      // A failed migration must not leave the server running (jest would wait on it forever).
      await migrateDatabase(postgres.url).catch(async (err: unknown) => {
        await postgres.stop();
        throw err;
      });
      const clients = [1, 2, 3, 4].map(() => createDb(postgres.url));
      return {
        db: clients[0]!,
        backfill: path.join(
          projectRoot,
          'prisma',
          'postgresql',
          'migrations',
          '0009_protocol_backfill',
          'migration.sql',
        ),
        openers: clients.slice(1).map((db) => clientOpener(db, () => channelId)),
        close: async () => {
          await Promise.all(clients.map((c) => c.$disconnect()));
          await postgres.stop();
        },
      };
    },
  ],
];

describe.each(providers)('protocol numbers on %s', (_name, open) => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await open();
    channelId = (await setup.db.channel.create({ data: { type: 'api', name: 'protocols' } })).id;
  }, 120_000);
  afterAll(async () => setup?.close());

  test('concurrent chats get one number each, with no gaps, of the day in the company zone', async () => {
    const results = await Promise.all(
      setup.openers.map((open, r) => open(Array.from({ length: PER_RACER }, (_, i) => `race-${r}-${i}`))),
    );
    const total = setup.openers.length * PER_RACER;
    const handedOut = results.flat();
    expect(new Set(handedOut).size).toBe(total);
    const expected = Array.from({ length: total }, (_, i) => `${DAY}${String(i + 1).padStart(6, '0')}`);
    expect([...handedOut].sort()).toEqual(expected);
    const rows = await setup.db.chat.findMany({ where: { id: { startsWith: 'race-' } }, select: { protocol: true } });
    expect(rows.map((r) => r.protocol).sort()).toEqual(expected);
    expect(await setup.db.protocolSequence.findUnique({ where: { day: DAY } })).toEqual({ day: DAY, last: total });
  }, 120_000);

  test('a re-run of recordChat answers the protocol the chat already has, and takes no number', async () => {
    const [open] = setup.openers;
    const [first] = await open!(['rerun']);
    const before = await setup.db.protocolSequence.findUniqueOrThrow({ where: { day: DAY } });
    const [again] = await open!(['rerun']);
    expect(again).toBe(first);
    expect(await setup.db.protocolSequence.findUniqueOrThrow({ where: { day: DAY } })).toEqual(before);
  }, 60_000);

  test('migration 0009 numbers older chats per day (UTC−3) by start, after numbers already handed out', async () => {
    const { db } = setup;
    const contact = await db.contact.create({ data: {} });
    const chat = (id: string, startedAt: string, protocol: string | null = null) =>
      db.chat.create({
        data: {
          id,
          protocol,
          workflowId: `wf-${id}`,
          channelId,
          externalChatId: id,
          contactId: contact.id,
          status: 'resolved',
          startedAt: new Date(startedAt),
        },
      });
    // Nov 30 in São Paulo: 02:59 UTC on Dec 1 is 23:59 there.
    await chat('old-b', '2025-12-01T02:59:00.000Z');
    await chat('old-a', '2025-11-30T12:00:00.000Z');
    // Dec 1 there: 03:00 UTC is midnight; one chat already numbered that day by the new code.
    await chat('old-c', '2025-12-01T03:00:00.000Z');
    await chat('new-1', '2025-12-01T09:00:00.000Z', '20251201000001');
    await db.protocolSequence.create({ data: { day: '20251201', last: 1 } });
    await chat('old-d', '2025-12-01T20:00:00.000Z');

    for (const statement of fs
      .readFileSync(setup.backfill, 'utf8')
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('--'))
      .join('\n')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)) {
      await db.$executeRawUnsafe(statement);
    }

    const rows = await db.chat.findMany({ where: { contactId: contact.id }, select: { id: true, protocol: true } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.protocol]))).toEqual({
      'old-a': '20251130000001',
      'old-b': '20251130000002',
      'new-1': '20251201000001',
      'old-c': '20251201000002',
      'old-d': '20251201000003',
    });
    const days = await db.protocolSequence.findMany({
      where: { day: { in: ['20251130', '20251201'] } },
      orderBy: { day: 'asc' },
    });
    expect(days).toEqual([
      { day: '20251130', last: 2 },
      { day: '20251201', last: 3 },
    ]);
  }, 60_000);
});
