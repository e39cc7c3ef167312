import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ANSWERABLE, type Sample } from './load';

/**
 * The Telegram scenario: customers write to a bot through the Telegram
 * webhook, where a customer's first message opens the chat (signal-with-start
 * in Atende), and answers arrive at a stand-in of the Bot API's sendMessage.
 */

export const BENCH_BOT_TOKEN = '424242:AABenchTokenBenchTokenBenchToken_0000';
export const BENCH_TELEGRAM_SECRET = 'bench-telegram-secret_0123';

export interface TelegramTarget {
  baseUrl: string;
  channelId: string;
}

/** Answers sendMessage like Telegram and resolves whoever waits on that chat id. */
export async function startBotApi() {
  const waiting = new Map<string, () => void>();
  let messageId = 1;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let chatId = '0';
      try {
        chatId = String((JSON.parse(Buffer.concat(chunks).toString()) as { chat_id: number | string }).chat_id);
      } catch {
        // Not a JSON call: nobody waits on it.
      }
      const done = waiting.get(chatId);
      waiting.delete(chatId);
      done?.();
      const result = {
        message_id: messageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(chatId), type: 'private' },
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    next(chatId: number, timeoutMs: number): Promise<boolean> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => (waiting.delete(String(chatId)), resolve(false)), timeoutMs);
        waiting.set(String(chatId), () => (clearTimeout(timer), resolve(true)));
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type BotApi = Awaited<ReturnType<typeof startBotApi>>;

let updateId = 1;
let userId = 10_000_000;

async function postUpdate(target: TelegramTarget, user: number, text: string) {
  const update = {
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: user, type: 'private' },
      from: { id: user, is_bot: false, first_name: 'Bench' },
      text,
    },
  };
  const started = performance.now();
  try {
    const res = await fetch(`${target.baseUrl}/webhooks/telegram/${target.channelId}`, {
      method: 'POST',
      body: JSON.stringify(update),
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': BENCH_TELEGRAM_SECRET },
    });
    await res.text();
    return { status: res.status, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

/** `customers` new Telegram customers at a time, each one question that opens their chat; then the next customer. */
export async function driveTelegram(
  target: TelegramTarget,
  botApi: BotApi,
  opts: { customers: number; seconds: number; timeoutMs?: number },
): Promise<Sample> {
  const sample: Sample = { acks: [], replies: [], answered: 0, timeouts: 0, errors: 0, seconds: opts.seconds };
  const deadline = performance.now() + opts.seconds * 1000;
  const customer = async () => {
    for (let i = 0; performance.now() < deadline; i++) {
      const user = userId++;
      const started = performance.now();
      const answer = botApi.next(user, opts.timeoutMs ?? 5_000);
      const { status, ms } = await postUpdate(target, user, ANSWERABLE[i % ANSWERABLE.length]!);
      if (status !== 200) {
        sample.errors += 1;
        continue;
      }
      sample.acks.push(ms);
      if (!(await answer)) {
        sample.timeouts += 1;
        continue;
      }
      sample.replies.push(performance.now() - started);
      sample.answered += 1;
    }
  };
  await Promise.all(Array.from({ length: opts.customers }, customer));
  return sample;
}
