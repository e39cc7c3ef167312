import type { ChatGateway } from '../../src/chats/gateway';
import type { Db } from '../../src/db/client';
import { applyInboundEvents, lanesOf } from '../../src/channels/inbound';
import type { InboundEvent } from '../../src/channels/inboundEvent';
import type { InboundMessage } from '../../workflows/types';

// A webhook's events: different conversations at once (a WhatsApp batch of 1000 one after
// another took 17 s), each conversation's, and each message's, in the payload's order.

const channel = { id: 'ch-1', type: 'whatsapp' as const };
const message = (externalChatId: string, id: string): InboundEvent => ({
  kind: 'message',
  externalChatId,
  message: {
    channelMessageId: id,
    direction: 'received',
    type: 'text',
    content: id,
    sentAt: '2026-01-01T00:00:00.000Z',
    receivedAt: '2026-01-01T00:00:00.000Z',
  },
});

/** A gateway whose receive() takes `ms`, recording what ran and how many ran at once. */
function slowGateway(ms = 10, fails?: string) {
  const log: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const gateway = {
    receive: async (_c: unknown, chat: string, _contact: unknown, m: InboundMessage) => {
      log.push(`start ${chat}:${m.channelMessageId}`);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight -= 1;
      if (m.channelMessageId === fails) throw new Error(`temporal unavailable at ${m.channelMessageId}`);
      log.push(`end ${chat}:${m.channelMessageId}`);
    },
  } as unknown as ChatGateway;
  return { gateway, log, maxInFlight: () => maxInFlight };
}

test('messages of different conversations are applied concurrently, at most `concurrency` at a time', async () => {
  const events = Array.from({ length: 40 }, (_, i) => message(`55119${i}`, `w${i}`));
  const { gateway, log, maxInFlight } = slowGateway(20);
  const started = Date.now();
  await applyInboundEvents(gateway, {} as Db, channel, events, 8);
  expect(maxInFlight()).toBe(8);
  expect(log.filter((l) => l.startsWith('end'))).toHaveLength(40);
  // 5 rounds of 20 ms, not 40 of them.
  expect(Date.now() - started).toBeLessThan(400);
});

test("one conversation's messages are applied one after another, in the payload's order", async () => {
  const events = [
    message('A', 'a1'),
    message('B', 'b1'),
    message('A', 'a2'),
    message('C', 'c1'),
    message('A', 'a3'),
    message('B', 'b2'),
  ];
  const { gateway, log } = slowGateway(5);
  await applyInboundEvents(gateway, {} as Db, channel, events, 16);
  const ofA = log.filter((l) => l.includes(' A:'));
  expect(ofA).toEqual(['start A:a1', 'end A:a1', 'start A:a2', 'end A:a2', 'start A:a3', 'end A:a3']);
  const ofB = log.filter((l) => l.includes(' B:'));
  expect(ofB).toEqual(['start B:b1', 'end B:b1', 'start B:b2', 'end B:b2']);
  // B and C did not wait for A.
  expect(log.indexOf('start B:b1')).toBeLessThan(log.indexOf('end A:a1'));
  expect(log.indexOf('start C:c1')).toBeLessThan(log.indexOf('end A:a1'));
});

test('lanes: a conversation, the edits and reactions of its messages, and the statuses of one message stay together', () => {
  const events: InboundEvent[] = [
    message('A', 'a1'), // 0
    { kind: 'status', providerMessageId: 'out-1', status: 'sent' }, // 1
    message('B', 'b1'), // 2
    { kind: 'reaction', targetMessageId: 'b1', emoji: '👍' }, // 3: after b1, so with B
    { kind: 'status', providerMessageId: 'out-1', status: 'read' }, // 4: after the first status of out-1
    {
      kind: 'edit',
      externalChatId: 'A',
      message: { ...(message('A', 'a1') as { message: InboundMessage }).message },
      editedAt: '2026-01-01T00:01:00Z',
    }, // 5
    { kind: 'reaction', targetMessageId: 'out-2', emoji: '❤️' }, // 6
    { kind: 'reaction', targetMessageId: 'out-2', emoji: '' }, // 7: removes it, so after 6
    { kind: 'status', providerMessageId: 'out-3', status: 'delivered' }, // 8
  ];
  expect(lanesOf(events)).toEqual([[0, 5], [1, 4], [2, 3], [6, 7], [8]]);
});

test('a failure stops the payload: nothing starts after it, the call rejects so the provider retries', async () => {
  const events = Array.from({ length: 30 }, (_, i) => message(`c${i}`, `w${i}`));
  const { gateway, log } = slowGateway(10, 'w5');
  await expect(applyInboundEvents(gateway, {} as Db, channel, events, 4)).rejects.toThrow('temporal unavailable at w5');
  const startedAfterFailure = log.slice(log.indexOf('start c5:w5') + 1).filter((l) => l.startsWith('start'));
  // Only the lanes already under way when w5 began (it fails 10 ms later) and the slot it freed.
  expect(log.filter((l) => l.startsWith('start')).length).toBeLessThan(12);
  expect(startedAfterFailure.length).toBeLessThan(8);
});

test("outcomes come back in the payload's order", async () => {
  const gateway = {
    open: async (_c: unknown, chat: string) => {
      await new Promise((r) => setTimeout(r, chat === 'slow' ? 30 : 1));
      return `chat-of-${chat}`;
    },
  } as unknown as ChatGateway;
  const outcomes = await applyInboundEvents(
    gateway,
    {} as Db,
    channel,
    [
      { kind: 'open', externalChatId: 'slow' },
      { kind: 'open', externalChatId: 'fast' },
    ],
    4,
  );
  expect(outcomes).toEqual([
    { kind: 'accepted', chatId: 'chat-of-slow' },
    { kind: 'accepted', chatId: 'chat-of-fast' },
  ]);
});
