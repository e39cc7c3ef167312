import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { search } from '../../src/search/search';
import type { Reader } from '../../src/chats/readScope';
import { storeInbound } from '../../activities/chatStore';
import { startPostgres } from '../../tests/helpers/postgres';
import { percentile } from './load';
import { contactOf, messageText, protocolOf, tailWord } from './searchCorpus';

/**
 * Search over `messages` messages and `contacts` contacts (two chats each),
 * seeded with bulk INSERTs in large transactions, the triggers of migration
 * 0011_search indexing as rows go in; then the p50/p95 of `search()` (the
 * route's whole work: read scope, identifiers, names, messages) for a mix of
 * query kinds, as a supervisor and as an attendant; then what the index
 * trigger costs `storeInbound` (message + live event in one transaction).
 */
export interface SearchBenchOptions {
  messages: number;
  contacts: number;
  engines: Array<'sqlite' | 'postgresql'>;
  /** storeInbound calls for the trigger's cost, half with the trigger and half without. */
  triggerInserts: number;
  say: (text: string) => void;
}

export interface QueryFigure {
  kind: string;
  role: string;
  q: string;
  hits: number;
  p50: number;
  p95: number;
}

export interface EngineFigures {
  engine: string;
  messages: number;
  contacts: number;
  chats: number;
  seedSeconds: number;
  queries: QueryFigure[];
  /** Over every query of the mix. */
  p95: number;
  p95ByKind: Record<string, number>;
  trigger: { inserts: number; withMs: number; withoutMs: number };
}

const CHATS_PER_CONTACT = 2;
const RUNS = 15;
const WARM = 2;

/** What the bench's attendant reads: 5 chats held, 1 % of chats taken part in, a queue of 0.1 %. */
function chatShape(c: number, attendantId: string) {
  if (c % 40_000 === 0) return { status: 'waiting_attendant', attendantId, department: 'vendas', queued: false };
  if (c % 1_000 === 2) return { status: 'transferred', attendantId: null, department: 'vendas', queued: true };
  return { status: 'resolved', attendantId: null, department: c % 2 === 0 ? 'vendas' : 'suporte', queued: false };
}
const tookPart = (c: number) => c % 100 === 1;

const BASE = Date.UTC(2026, 0, 1);
const chatStart = (c: number) => BASE + c * 40_000;

interface Sink {
  /** Rows of one table in one statement each `chunk`; all inside one transaction per call. */
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  close(): Promise<void>;
}

function sqliteSink(file: string): Sink & { raw: Database.Database } {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  const statements = new Map<string, Database.Statement>();
  return {
    raw,
    async insert(table, columns, rows) {
      const CHUNK = 200;
      const statement = (n: number) => {
        const key = `${table}:${n}`;
        let s = statements.get(key);
        if (!s) {
          const one = `(${columns.map(() => '?').join(',')})`;
          s = raw.prepare(
            `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${Array(n).fill(one).join(',')}`,
          );
          statements.set(key, s);
        }
        return s;
      };
      raw.transaction(() => {
        for (let i = 0; i < rows.length; i += CHUNK) {
          const part = rows.slice(i, i + CHUNK);
          statement(part.length).run(...part.flat());
        }
      })();
    },
    async close() {
      raw.close();
    },
  };
}

async function postgresSink(url: string): Promise<Sink> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async insert(table, columns, rows) {
      const CHUNK = 1_000;
      await client.query('BEGIN');
      for (let i = 0; i < rows.length; i += CHUNK) {
        const part = rows.slice(i, i + CHUNK);
        const values = part
          .map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(',')})`)
          .join(',');
        await client.query(
          `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${values}`,
          part.flat(),
        );
      }
      await client.query('COMMIT');
    },
    close: () => client.end(),
  };
}

/** Seeds the corpus: contacts, chats, messages, in transactions of `BATCH` rows. */
async function seed(sink: Sink, engine: string, opts: SearchBenchOptions): Promise<void> {
  const stamp =
    engine === 'sqlite'
      ? (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00')
      : (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  const now = stamp(Date.now());
  const BATCH = 50_000;
  await sink.insert('Channel', ['id', 'type', 'name', 'updatedAt'], [['bench-channel', 'api', 'bench', now]]);
  await sink.insert(
    'Attendant',
    ['id', 'name', 'email', 'passwordHash', 'role', 'department', 'updatedAt'],
    [
      ['bench-sup', 'Supervisora', 'sup@bench.example', 'x', 'supervisor', null, now],
      ['bench-att', 'Atendente', 'att@bench.example', 'x', 'attendant', 'vendas', now],
    ],
  );
  for (let start = 0; start < opts.contacts; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(opts.contacts, start + BATCH); i++) {
      const c = contactOf(i);
      rows.push([c.id, c.name, c.phone, c.cpf, c.email, stamp(BASE + i * 80_000), now]);
    }
    await sink.insert('Contact', ['id', 'name', 'phone', 'cpf', 'email', 'createdAt', 'updatedAt'], rows);
  }
  const chats = opts.contacts * CHATS_PER_CONTACT;
  for (let start = 0; start < chats; start += BATCH) {
    const rows = [];
    for (let c = start; c < Math.min(chats, start + BATCH); c++) {
      const shape = chatShape(c, 'bench-att');
      rows.push([
        `bch${c}`,
        `wf-bch${c}`,
        'bench-channel',
        `x${c}`,
        `bc${Math.floor(c / CHATS_PER_CONTACT)}`,
        shape.status,
        shape.attendantId,
        shape.department,
        shape.queued ? stamp(chatStart(c) + 60_000) : null,
        protocolOf(c),
        stamp(chatStart(c)),
        shape.status === 'resolved' ? stamp(chatStart(c) + 600_000) : null,
        now,
      ]);
    }
    await sink.insert(
      'Chat',
      [
        'id',
        'workflowId',
        'channelId',
        'externalChatId',
        'contactId',
        'status',
        'attendantId',
        'department',
        'queuedAt',
        'protocol',
        'startedAt',
        'closedAt',
        'updatedAt',
      ],
      rows,
    );
  }
  // Each chat's opening entry: the access policy reads history for "took part in".
  for (let start = 0; start < chats; start += BATCH) {
    const rows = [];
    for (let c = start; c < Math.min(chats, start + BATCH); c++) {
      rows.push([`bch${c}:1`, `bch${c}`, 1, null, 'waiting', 'channel', stamp(chatStart(c))]);
    }
    await sink.insert('StatusChange', ['id', 'chatId', 'seq', 'from', 'to', 'actor', 'at'], rows);
  }
  const perChat = Math.max(1, Math.round(opts.messages / chats));
  for (let start = 0; start < opts.messages; start += BATCH) {
    const rows = [];
    for (let m = start; m < Math.min(opts.messages, start + BATCH); m++) {
      const c = Math.floor(m / perChat) % chats;
      const j = m % perChat;
      const byAttendant = tookPart(c) && j === 3;
      rows.push([
        `bm${m}`,
        `bch${c}`,
        'bench-channel',
        byAttendant ? 'attendant' : j % 3 === 2 ? 'bot' : 'customer',
        messageText(m),
        byAttendant ? 'bench-att' : null,
        stamp(chatStart(c) + j * 30_000),
      ]);
    }
    await sink.insert('Message', ['id', 'chatId', 'channelId', 'sender', 'content', 'attendantId', 'createdAt'], rows);
    if ((start / BATCH) % 4 === 3) opts.say(`  ${start + BATCH} messages`);
  }
}

/** The mix: each kind of thing people type, found in the seeded rows. */
function queryMix(opts: SearchBenchOptions): Array<{ kind: string; q: string }> {
  const contact = contactOf(Math.floor(opts.contacts * 0.37));
  const other = contactOf(Math.floor(opts.contacts * 0.81));
  const phone = contact.phone; // +55 DD 9XXXX-XXXX
  const cpf = other.cpf;
  return [
    { kind: 'word', q: 'internet' },
    { kind: 'word', q: tailWord(1) },
    { kind: 'word', q: tailWord(3_000) },
    { kind: 'stem', q: 'cancelamento' },
    { kind: 'stem', q: 'pagamentos' },
    { kind: 'stem', q: 'refunds' },
    { kind: 'phrase', q: '"segunda via"' },
    { kind: 'phrase', q: '"not working"' },
    { kind: 'name', q: 'mari' },
    { kind: 'name', q: 'conceição' },
    { kind: 'name', q: 'João Araújo' },
    { kind: 'phone', q: `(${phone.slice(3, 5)}) ${phone.slice(5, 10)}-${phone.slice(10)}` },
    { kind: 'phone', q: `${phone.slice(6, 10)}-${phone.slice(10)}` },
    { kind: 'cpf', q: `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}` },
    { kind: 'protocol', q: protocolOf(Math.floor(opts.contacts * 1.23)) },
  ];
}

async function timeQueries(db: Db, opts: SearchBenchOptions): Promise<QueryFigure[]> {
  const readers: Array<[string, Reader]> = [
    ['supervisor', { id: 'bench-sup', role: 'supervisor', department: null }],
    ['attendant', { id: 'bench-att', role: 'attendant', department: 'vendas' }],
  ];
  const figures: QueryFigure[] = [];
  for (const { kind, q } of queryMix(opts)) {
    for (const [role, reader] of readers) {
      const times: number[] = [];
      let hits = 0;
      for (let run = 0; run < WARM + RUNS; run++) {
        const started = performance.now();
        const page = await search(db, reader, { q, limit: 20 });
        if (run >= WARM) times.push(performance.now() - started);
        hits = page.items.length;
      }
      figures.push({ kind, role, q, hits, p50: percentile(times, 50), p95: percentile(times, 95) });
    }
  }
  return figures;
}

/** storeInbound calls alternating in blocks with the index trigger and without it (dropped, then made again). */
async function timeTrigger(
  db: Db,
  engine: string,
  opts: SearchBenchOptions,
): Promise<{ inserts: number; withMs: number; withoutMs: number }> {
  const dropSql =
    engine === 'sqlite' ? 'DROP TRIGGER "Message_search_insert"' : 'DROP TRIGGER "Message_search_insert" ON "Message"';
  const createSql =
    engine === 'sqlite'
      ? (
          await db.$queryRawUnsafe<Array<{ sql: string }>>(
            `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'Message_search_insert'`,
          )
        )[0]!.sql
      : 'CREATE TRIGGER "Message_search_insert" AFTER INSERT ON "Message" FOR EACH ROW EXECUTE FUNCTION "Message_search_sync"()';
  const BLOCKS = 8;
  // PostgreSQL's round trips make each call slower: a fifth as many tell as much.
  const total = engine === 'sqlite' ? opts.triggerInserts : Math.ceil(opts.triggerInserts / 5);
  const perBlock = Math.max(1, Math.floor(total / BLOCKS));
  const spent = { with: 0, without: 0 };
  let n = 0;
  for (let block = 0; block < BLOCKS; block++) {
    const withTrigger = block % 2 === 0;
    if (!withTrigger) await db.$executeRawUnsafe(dropSql);
    const started = performance.now();
    for (let i = 0; i < perBlock; i++) {
      const at = new Date().toISOString();
      await storeInbound(db, {
        chatId: 'bch1',
        channelId: 'bench-channel',
        sender: 'customer',
        message: {
          channelMessageId: `trigger-${++n}`,
          direction: 'received',
          type: 'text',
          content: messageText(n),
          sentAt: at,
          receivedAt: at,
        },
      });
    }
    spent[withTrigger ? 'with' : 'without'] += performance.now() - started;
    if (!withTrigger) await db.$executeRawUnsafe(createSql);
  }
  const each = (perBlock * BLOCKS) / 2;
  return { inserts: perBlock * BLOCKS, withMs: spent.with / each, withoutMs: spent.without / each };
}

async function benchEngine(engine: 'sqlite' | 'postgresql', opts: SearchBenchOptions): Promise<EngineFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-search-'));
  const postgres = engine === 'postgresql' ? await startPostgres() : null;
  const url = postgres ? postgres.url : `file:${path.join(dir, 'search.db')}`;
  try {
    await migrateDatabase(url);
    const sink = postgres ? await postgresSink(url) : sqliteSink(path.join(dir, 'search.db'));
    opts.say(`${engine}: seeding ${opts.contacts} contacts and ${opts.messages} messages`);
    const started = performance.now();
    await seed(sink, engine, opts);
    const seedSeconds = (performance.now() - started) / 1000;
    await sink.close();
    const db = createDb(url);
    try {
      await db.$executeRawUnsafe(engine === 'sqlite' ? 'ANALYZE' : 'VACUUM ANALYZE');
      opts.say(`${engine}: seeded in ${seedSeconds.toFixed(0)} s; timing the query mix`);
      const queries = await timeQueries(db, opts);
      opts.say(`${engine}: the index trigger's cost to storeInbound`);
      const trigger = await timeTrigger(db, engine, opts);
      const all = queries.map((q) => q.p95);
      const kinds = [...new Set(queries.map((q) => q.kind))];
      return {
        engine,
        messages: opts.messages,
        contacts: opts.contacts,
        chats: opts.contacts * CHATS_PER_CONTACT,
        seedSeconds,
        queries,
        p95: percentile(all, 95),
        p95ByKind: Object.fromEntries(
          kinds.map((k) => [k, Math.max(...queries.filter((q) => q.kind === k).map((q) => q.p95))]),
        ),
        trigger,
      };
    } finally {
      await db.$disconnect();
    }
  } finally {
    await postgres?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSearch(opts: SearchBenchOptions): Promise<EngineFigures[]> {
  const results: EngineFigures[] = [];
  for (const engine of opts.engines) results.push(await benchEngine(engine, opts));
  return results;
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** The figures as the bench's report lines. */
export function searchLines(results: EngineFigures[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(
      '',
      `search on ${r.engine}: ${r.messages} messages, ${r.contacts} contacts, ${r.chats} chats; seeded (triggers indexing) in ${f(r.seedSeconds, 0)} s; p95 of every query's p95 ${f(r.p95)} ms`,
      '| kind | q | role | hits | p50 ms | p95 ms |',
      '|---|---|---|---:|---:|---:|',
      ...r.queries.map((q) => `| ${q.kind} | \`${q.q}\` | ${q.role} | ${q.hits} | ${f(q.p50)} | ${f(q.p95)} |`),
      `storeInbound (message + live event, one transaction) over ${r.trigger.inserts} calls: ${f(r.trigger.withMs, 2)} ms each with the index trigger, ${f(r.trigger.withoutMs, 2)} ms without`,
    );
  }
  return lines;
}
