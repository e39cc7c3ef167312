/**
 * A separate process opening chats, for protocol races between processes on
 * one SQLite file (better-sqlite3 is synchronous: two connections in one
 * process would block each other's thread). Input: argv[2] JSON
 * `{url, channelId, chatIds, startedAt}`; output: the protocols as JSON.
 */
import { createChatActivities } from '../../activities/chatStore';
import { createDb } from '../../src/db/client';
import { isDatabaseUnavailable } from '../../src/db/unavailable';

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]!) as {
    url: string;
    channelId: string;
    chatIds: string[];
    startedAt: string;
  };
  const db = createDb(input.url);
  const { recordChat } = createChatActivities({ db, timeZone: 'America/Sao_Paulo' });
  // One after another: the race is between processes (a process's own writes queue up on its one connection).
  const protocols: Array<string | null> = [];
  for (const chatId of input.chatIds) {
    protocols.push(
      (
        await asTemporalRetries(() =>
          recordChat({
            chatId,
            workflowId: `wf-${chatId}`,
            channelId: input.channelId,
            externalChatId: chatId,
            startedAt: input.startedAt,
            entry: { seq: 1, at: input.startedAt, from: null, to: 'waiting', actor: 'channel' },
          }),
        )
      ).protocol,
    );
  }
  await db.$disconnect();
  process.stdout.write(JSON.stringify(protocols));
}

/**
 * The activity as its worker runs it: a busy database (another process held
 * SQLite's write lock past the busy timeout, as happens on a loaded machine)
 * fails the attempt and Temporal runs it again. A retry must not take a
 * second number, which the test checks (no gaps).
 */
async function asTemporalRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      if (tries >= 10 || !isDatabaseUnavailable(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * tries));
    }
  }
}

void main();
