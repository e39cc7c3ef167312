/**
 * `npm run bench [-- --quick] [-- --json <file>]`: Atende against a baseline
 * that does the same work with no orchestration (scripts/bench/baseline.ts),
 * driven by one load generator, on this machine; then search over 1,000,000
 * messages on SQLite and PostgreSQL (scripts/bench/searchBench.ts). Prints one
 * table; asserts nothing about speed (it exits non-zero only when something broke).
 *
 * `npm run bench -- --only search [--messages N] [--contacts N] [--engines sqlite,postgresql]`
 * runs the search part alone. `--temporal-address host:port` runs Atende
 * against that Temporal server (a cluster from `npm run cluster`) instead of
 * its embedded dev server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../../src/db/client';
import { ChatWorkflowIds } from '../../src/chats/workflowIds';
import { parseKeys, resolveKeyring } from '../../src/crypto/keyring';
import {
  ANSWERABLE,
  drive,
  messageEvent,
  openEvent,
  openIdleChats,
  percentile,
  post,
  startReceiver,
  type Receiver,
  type Sample,
  type Target,
} from './load';
import { addAttendants, driveHandoffs } from './handoffs';
import { timeMetrics } from './metricsTiming';
import {
  BENCH_BOT_TOKEN,
  BENCH_TELEGRAM_SECRET,
  driveTelegram,
  startBotApi,
  type BotApi,
  type TelegramTarget,
} from './telegramLoad';
import { freePort, runTsx, startTsx, treeRss, type Running } from './processes';
import { benchSearch, searchLines, type SearchBenchOptions } from './searchBench';
import { API_CHANNEL_SECRET, startAtende } from './atende';

const quick = process.argv.includes('--quick');
const jsonArg = process.argv.indexOf('--json');
const SECONDS = quick ? 5 : 20;
const IDLE_CHATS = quick ? 300 : 10_000;
const SECRET = API_CHANNEL_SECRET;

const say = (text: string) => process.stderr.write(`• ${text}\n`);

const argValue = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const only = argValue('--only');
/** `--temporal-address host:port`: Atende runs against that Temporal (a cluster: `npm run cluster`), not its dev server. */
const externalTemporal = argValue('--temporal-address');

function searchOptions(): SearchBenchOptions {
  const engines = (argValue('--engines') ?? 'sqlite,postgresql').split(',') as SearchBenchOptions['engines'];
  return {
    messages: Number(argValue('--messages') ?? (quick ? 100_000 : 1_000_000)),
    contacts: Number(argValue('--contacts') ?? (quick ? 10_000 : 100_000)),
    engines,
    triggerInserts: Number(argValue('--trigger-inserts') ?? (quick ? 2_000 : 20_000)),
    say,
  };
}

/** `--only search`: the search bench and nothing else. */
async function searchOnly(): Promise<void> {
  const results = await benchSearch(searchOptions());
  const cpu = os.cpus();
  console.log(
    [
      `Atende search benchmark — ${new Date().toISOString().slice(0, 10)}`,
      `machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
      ...searchLines(results),
    ].join('\n'),
  );
  if (jsonArg > 0 && process.argv[jsonArg + 1])
    fs.writeFileSync(
      process.argv[jsonArg + 1]!,
      JSON.stringify({ date: new Date().toISOString(), search: results }, null, 2),
    );
}

async function startProduct(
  receiver: Receiver,
  botApi: BotApi,
): Promise<{ running: Running; target: Target; telegram: TelegramTarget; temporalAddress: string }> {
  const atende = await startAtende(receiver, {
    TELEGRAM_API_ROOT: botApi.url,
    ...(externalTemporal ? { TEMPORAL_ADDRESS: externalTemporal } : {}),
  });
  const bot = await atende.asAdmin('/api/v1/channels', {
    type: 'telegram',
    name: 'bench bot',
    botToken: BENCH_BOT_TOKEN,
    secret: BENCH_TELEGRAM_SECRET,
  });
  return {
    running: atende.running,
    target: atende.target,
    telegram: { baseUrl: atende.baseUrl, channelId: bot.id! },
    temporalAddress: externalTemporal ?? `127.0.0.1:${atende.temporalPort}`,
  };
}

async function startBaseline(
  receiver: Receiver,
  botApi: BotApi,
): Promise<{ running: Running; target: Target; telegram: TelegramTarget }> {
  const port = await freePort();
  const running = await startTsx('scripts/bench/baseline.ts', 'baseline listening', {
    PORT: String(port),
    TELEGRAM_API_ROOT: botApi.url,
  });
  await runTsx('scripts/seed.ts', { DATA_DIR: running.dataDir, DATABASE_URL: '' });
  const db = createDb(`file:${path.join(running.dataDir, 'atende.db')}`);
  const channel = await db.channel.create({
    data: {
      type: 'api',
      name: 'bench',
      credentials: JSON.stringify({ secret: SECRET }),
      settings: JSON.stringify({ callbackUrl: receiver.url }),
    },
  });
  const bot = await db.channel.create({
    data: {
      type: 'telegram',
      name: 'bench bot',
      credentials: JSON.stringify({ botToken: BENCH_BOT_TOKEN, secret: BENCH_TELEGRAM_SECRET }),
      settings: JSON.stringify({ mode: 'webhook' }),
    },
  });
  await db.$disconnect();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    running,
    target: { baseUrl, channelId: channel.id, secret: SECRET },
    telegram: { baseUrl, channelId: bot.id },
  };
}

/** History events of one chat after it opened and had one exchange, and per exchange after that. */
async function historyEvents(target: Target, receiver: Receiver, temporalAddress: string, dataDir: string) {
  const connection = await Connection.connect({ address: temporalAddress });
  // The chat's workflow id, as the product makes it from its keys (ENCRYPTION_KEYS, else generated into DATA_DIR).
  const configured = process.env.ENCRYPTION_KEYS ? parseKeys(process.env.ENCRYPTION_KEYS) : undefined;
  if (typeof configured === 'string') throw new Error(`ENCRYPTION_KEYS: ${configured}`);
  const workflowId = new ChatWorkflowIds(resolveKeyring(configured, dataDir)).of(target.channelId, 'bench-history');
  const handle = new Client({ connection }).workflow.getHandle(workflowId);
  const settle = () => new Promise((r) => setTimeout(r, 300));
  const count = async () => (await handle.fetchHistory()).events!.length;
  await post(target, openEvent('bench-history'));
  const exchange = async (text: string) => {
    const answered = receiver.next('bench-history', 10_000);
    await post(target, messageEvent('bench-history', text));
    if (!(await answered)) throw new Error('no answer in the history-events check');
    await settle();
    return count();
  };
  const first = await exchange(ANSWERABLE[0]!);
  const second = await exchange(ANSWERABLE[1]!);
  await connection.close();
  return { openAndOneExchange: first, perExchange: second - first };
}

function row(name: string, s: Sample) {
  return {
    name,
    answeredPerSecond: s.answered / s.seconds,
    ackP50: percentile(s.acks, 50),
    ackP99: percentile(s.acks, 99),
    replyP50: percentile(s.replies, 50),
    replyP99: percentile(s.replies, 99),
    timeouts: s.timeouts,
    errors: s.errors,
  };
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

async function main(): Promise<void> {
  const receiver = await startReceiver();
  const botApi = await startBotApi();
  const started: Running[] = [];
  const stopAll = () => Promise.all(started.splice(0).map((r) => r.stop().catch(() => undefined)));
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    say(`starting Atende as npm start does (${quick ? 'quick run' : `${SECONDS} s per scenario`})`);
    const product = await startProduct(receiver, botApi);
    started.push(product.running);
    say('starting the baseline');
    const baseline = await startBaseline(receiver, botApi);
    started.push(baseline.running);

    const scenarios = [
      { name: '1 customer', customers: 1, messages: 1 },
      { name: '32 customers', customers: 32, messages: 1 },
      { name: '32 customers × 5 messages', customers: 32, messages: 5 },
    ];
    const results = [];
    for (const s of scenarios) {
      say(`${s.name}: Atende`);
      const atende = row(s.name, await drive(product.target, receiver, { ...s, seconds: SECONDS }));
      say(`${s.name}: baseline`);
      const plain = row(s.name, await drive(baseline.target, receiver, { ...s, seconds: SECONDS }));
      if (atende.answeredPerSecond === 0 || plain.answeredPerSecond === 0)
        throw new Error(`${s.name}: nothing was answered`);
      results.push({ atende, baseline: plain });
    }

    // Telegram: each customer's first message opens their chat (signal-with-start), answered through the Bot API.
    const telegram = { name: 'Telegram: 8 new customers at a time, first message opens the chat', customers: 8 };
    say(`${telegram.name}: Atende`);
    const telegramAtende = row(
      telegram.name,
      await driveTelegram(product.telegram, botApi, { ...telegram, seconds: SECONDS }),
    );
    say(`${telegram.name}: baseline`);
    const telegramPlain = row(
      telegram.name,
      await driveTelegram(baseline.telegram, botApi, { ...telegram, seconds: SECONDS }),
    );
    if (telegramAtende.answeredPerSecond === 0 || telegramPlain.answeredPerSecond === 0)
      throw new Error(`${telegram.name}: nothing was answered`);
    results.push({ atende: telegramAtende, baseline: telegramPlain });

    // The human queue: every customer asks for a person; "reply" is the time until the chat holds a seat.
    const handoffs = { name: '16 customers ask for a person (reply = seat taken)', customers: 16 };
    const dbs = [product, baseline].map((p) => createDb(`file:${path.join(p.running.dataDir, 'atende.db')}`));
    try {
      for (const db of dbs) await addAttendants(db, 8);
      say(`${handoffs.name}: Atende`);
      const atende = row(
        handoffs.name,
        await driveHandoffs(product.target, dbs[0]!, { ...handoffs, seconds: SECONDS }),
      );
      say(`${handoffs.name}: baseline`);
      const plain = row(
        handoffs.name,
        await driveHandoffs(baseline.target, dbs[1]!, { ...handoffs, seconds: SECONDS }),
      );
      if (atende.answeredPerSecond === 0 || plain.answeredPerSecond === 0)
        throw new Error(`${handoffs.name}: no chat was assigned`);
      results.push({ atende, baseline: plain });
    } finally {
      await Promise.all(dbs.map((db) => db.$disconnect()));
    }

    say('history events per chat');
    const events = await historyEvents(product.target, receiver, product.temporalAddress, product.running.dataDir);

    say(`opening ${IDLE_CHATS} idle chats`);
    const idle = await openIdleChats(product.target, receiver, IDLE_CHATS, 16, (n) => say(`  ${n} open`));
    await new Promise((r) => setTimeout(r, 2_000));
    const rss = treeRss(product.running.child.pid!);
    const first = idle.conversations[0]!;
    const evictedStart = performance.now();
    const evictedAnswer = receiver.next(first, 10_000);
    await post(product.target, messageEvent(first, ANSWERABLE[2]!));
    const evictedMs = (await evictedAnswer) ? performance.now() - evictedStart : NaN;

    const metricsChats = quick ? 10_000 : 100_000;
    say(`metrics over ${metricsChats} seeded chats`);
    const metrics = await timeMetrics(metricsChats);

    say('search');
    const searched = await benchSearch(searchOptions());

    const cpu = os.cpus();
    const machine = `${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;

    const lines = [
      `Atende benchmark (${quick ? 'quick: 5 s' : `${SECONDS} s`} per scenario) — ${new Date().toISOString().slice(0, 10)}`,
      `machine: ${machine}`,
      `temporal: ${externalTemporal ? `the server at ${externalTemporal}` : 'the embedded dev server (SQLite)'}`,
      '',
      '| scenario | system | answered/s | ack p50 ms | ack p99 ms | reply p50 ms | reply p99 ms | timeouts | errors |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ];
    for (const { atende, baseline: plain } of results) {
      for (const [system, r] of [
        ['Atende', atende],
        ['baseline', plain],
      ] as const) {
        lines.push(
          `| ${r.name} | ${system} | ${f(r.answeredPerSecond)} | ${f(r.ackP50)} | ${f(r.ackP99)} | ${f(r.replyP50)} | ${f(r.replyP99)} | ${r.timeouts} | ${r.errors} |`,
        );
      }
      lines.push(
        `| ${atende.name} | ratio | ${f(atende.answeredPerSecond / plain.answeredPerSecond, 2)}× | | | | | | |`,
      );
    }
    lines.push(
      '',
      `history events per chat: open + one bot exchange ${events.openAndOneExchange}; per further exchange ${events.perExchange}`,
      `${idle.conversations.length} idle open chats: Atende process RSS (API + worker) ${f(rss.product, 0)} MiB${externalTemporal ? '' : `; Temporal dev server RSS ${f(rss.temporal, 0)} MiB`}`,
      `a message to the first (evicted) of them answered in ${f(evictedMs)} ms`,
      `GET /api/v1/metrics over ${metrics.chats} chats (SQLite): median ${f(metrics.medianMs)} ms of 5 runs`,
      ...searchLines(searched),
    );
    console.log(lines.join('\n'));
    const json = {
      date: new Date().toISOString(),
      quick,
      machine,
      results,
      events,
      idle: { chats: idle.conversations.length, rssMiB: rss, evictedReplyMs: evictedMs },
      metrics,
      search: searched,
    };
    if (jsonArg > 0 && process.argv[jsonArg + 1])
      fs.writeFileSync(process.argv[jsonArg + 1]!, JSON.stringify(json, null, 2));
  } finally {
    await stopAll();
    await receiver.close();
    await botApi.close();
  }
}

(only === 'search' ? searchOnly() : main()).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
