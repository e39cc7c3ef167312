import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { signBody } from '../../src/channels/signature';

/**
 * The load generator: closed-loop virtual customers on the API channel, and
 * the callback receiver that times each answer's arrival.
 */

/** Questions the demo knowledge base answers by itself, different enough not to count as repeats. */
export const ANSWERABLE = [
  'Preciso da segunda via do boleto',
  'Qual o horário de atendimento de vocês?',
  'Como faço para redefinir minha senha?',
  'Quero agendar uma visita técnica',
  'Como faço para mudar de endereço?',
];

export interface Target {
  baseUrl: string;
  channelId: string;
  secret: string;
}

export interface Sample {
  acks: number[];
  replies: number[];
  answered: number;
  timeouts: number;
  errors: number;
  seconds: number;
}

/** Receives OUTBOUND_MESSAGE callbacks and resolves whoever waits on that conversation. */
export async function startReceiver() {
  const waiting = new Map<string, () => void>();
  let received = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received += 1;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { data: { conversation_id: string } };
        const done = waiting.get(body.data.conversation_id);
        waiting.delete(body.data.conversation_id);
        done?.();
      } catch {
        // Not ours: nothing waits on it.
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    received: () => received,
    /** Resolves true when the conversation's next answer arrives, false after `timeoutMs`. */
    next(conversation: string, timeoutMs: number): Promise<boolean> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(conversation);
          resolve(false);
        }, timeoutMs);
        waiting.set(conversation, () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** POSTs a signed API-channel event; returns the status, the round trip in ms and the answer's chat id. */
export async function post(target: Target, event: unknown): Promise<{ status: number; ms: number; chatId?: string }> {
  const raw = JSON.stringify(event);
  const started = performance.now();
  try {
    const res = await fetch(`${target.baseUrl}/webhooks/api/${target.channelId}`, {
      method: 'POST',
      body: raw,
      headers: { 'content-type': 'application/json', 'x-atende-signature': signBody(target.secret, raw) },
    });
    const text = await res.text();
    const ms = performance.now() - started;
    const chatId = res.status === 202 ? (JSON.parse(text) as { chatId?: string }).chatId : undefined;
    return { status: res.status, ms, ...(chatId ? { chatId } : {}) };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

export function openEvent(conversation: string) {
  return {
    type: 'NEW_CONVERSATION',
    timestamp: new Date().toISOString(),
    data: { id: conversation, contact: { name: 'Bench', phone: '+5511999990000' } },
  };
}

export function messageEvent(conversation: string, content: string) {
  return {
    type: 'NEW_MESSAGE',
    timestamp: new Date().toISOString(),
    data: { id: randomUUID(), direction: 'RECEIVED', content, conversation_id: conversation },
  };
}

/** One question, timed from the webhook's send to the answer's arrival. */
async function ask(
  target: Target,
  receiver: Receiver,
  conversation: string,
  content: string,
  sample: Sample,
  timeoutMs: number,
) {
  const started = performance.now();
  const answer = receiver.next(conversation, timeoutMs);
  const { status, ms } = await post(target, messageEvent(conversation, content));
  if (status !== 202) {
    sample.errors += 1;
    return false;
  }
  sample.acks.push(ms);
  if (!(await answer)) {
    sample.timeouts += 1;
    return false;
  }
  sample.replies.push(performance.now() - started);
  return true;
}

/**
 * `customers` virtual customers for `seconds`: each opens a conversation
 * (untimed), asks `messages` questions in it one after another, then starts
 * over with a new conversation.
 */
export async function drive(
  target: Target,
  receiver: Receiver,
  opts: { customers: number; seconds: number; messages: number; timeoutMs?: number },
): Promise<Sample> {
  const sample: Sample = { acks: [], replies: [], answered: 0, timeouts: 0, errors: 0, seconds: opts.seconds };
  const deadline = performance.now() + opts.seconds * 1000;
  const customer = async () => {
    while (performance.now() < deadline) {
      const conversation = randomUUID();
      if ((await post(target, openEvent(conversation))).status !== 202) {
        sample.errors += 1;
        continue;
      }
      for (let i = 0; i < opts.messages && performance.now() < deadline; i++) {
        if (
          await ask(target, receiver, conversation, ANSWERABLE[i % ANSWERABLE.length]!, sample, opts.timeoutMs ?? 5_000)
        ) {
          sample.answered += 1;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: opts.customers }, customer));
  return sample;
}

/** Opens `count` conversations with one answered question each, `parallel` at a time; returns them. */
export async function openIdleChats(
  target: Target,
  receiver: Receiver,
  count: number,
  parallel: number,
  onProgress?: (n: number) => void,
) {
  const conversations: string[] = [];
  const sample: Sample = { acks: [], replies: [], answered: 0, timeouts: 0, errors: 0, seconds: 0 };
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const conversation = randomUUID();
      if ((await post(target, openEvent(conversation))).status !== 202) continue;
      if (await ask(target, receiver, conversation, ANSWERABLE[0]!, sample, 30_000)) conversations.push(conversation);
      if (conversations.length % 500 === 0) onProgress?.(conversations.length);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { conversations, sample };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
