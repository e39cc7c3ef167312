/**
 * `npm run bench:statements [-- <seconds>]`: what a chat costs the database,
 * counted rather than timed, so two commits compare on a noisy machine.
 * Atende runs as `npm start` does with a preload that counts every SQL
 * statement of its SQLite file (countStatements.cjs); one customer at a time
 * opens chats, first with one question each, then with five. Prints the
 * statements per chat opened with one answered question, per further
 * question, and the statements of a new chat by how often they run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drive, startReceiver, type Receiver, type Target } from './load';
import { ROOT } from './processes';
import { startAtende } from './atende';

type Counts = Record<string, number>;

const read = (file: string): Counts =>
  fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Counts) : {};
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_500)); // the preload writes every second

function minus(after: Counts, before: Counts): Counts {
  const diff: Counts = {};
  for (const [sql, n] of Object.entries(after)) if (n - (before[sql] ?? 0) > 0) diff[sql] = n - (before[sql] ?? 0);
  return diff;
}
const total = (counts: Counts) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Statements counted while one customer asks `messages` questions per chat for `seconds`; per answered question. */
async function phase(target: Target, receiver: Receiver, file: string, messages: number, seconds: number) {
  const before = read(file);
  const sample = await drive(target, receiver, { customers: 1, messages, seconds });
  await settle();
  const counts = minus(read(file), before);
  if (sample.answered === 0) throw new Error('nothing was answered');
  return { counts, answered: sample.answered, perQuestion: total(counts) / sample.answered };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 20);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atende-statements-')), 'counts.json');
  const receiver = await startReceiver();
  const atende = await startAtende(receiver, {
    STATEMENT_COUNT_FILE: file,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(ROOT, 'scripts/bench/countStatements.cjs')}`,
  });
  try {
    const { target } = atende;
    await drive(target, receiver, { customers: 1, messages: 1, seconds: 3 }); // warm-up: caches, the bot's index

    const single = await phase(target, receiver, file, 1, seconds);
    const five = await phase(target, receiver, file, 5, seconds);
    // A five-question chat costs 5 × five.perQuestion statements: the opening one's share plus four further questions.
    const further = (5 * five.perQuestion - single.perQuestion) / 4;
    console.log(`Atende statements per chat (SQLite, one customer at a time, ${seconds} s per phase)`);
    console.log(
      `a chat opened with one answered question: ${single.perQuestion.toFixed(1)} statements (${single.answered} chats)`,
    );
    console.log(
      `each further answered question: ${further.toFixed(1)} statements (${five.answered} questions in chats of five)`,
    );
    console.log('\nstatements of a chat with one question, per chat:');
    for (const [sql, n] of Object.entries(single.counts).sort((a, b) => b[1] - a[1])) {
      const per = n / single.answered;
      if (per >= 0.05)
        console.log(`${per.toFixed(2).padStart(6)}  ${sql.length > 150 ? `${sql.slice(0, 147)}...` : sql}`);
    }
  } finally {
    await atende.running.stop();
    await receiver.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
