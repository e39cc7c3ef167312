import { ChatGateway } from '../../src/chats/gateway';
import {
  claimUpdate,
  replyUpdate,
  resolveUpdate,
  stateQuery,
  transferUpdate,
  channelEventSignal,
} from '../../workflows/chat';
import { DEFAULT_CHAT_SETTINGS } from '../../workflows/types';
import { TEST_WORKFLOW_IDS } from '../helpers/channelServices';
import { ChatHarness } from '../helpers/chatHarness';
import { startCallbackReceiver } from '../helpers/callbackReceiver';
import { waitFor } from '../helpers/wait';

const h = new ChatHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const ana = { attendantId: 'ana', role: 'attendant' as const };

/** A channel whose receiver answers 503 until `back()`. */
async function channelThatIsDown() {
  let down = true;
  const receiver = await startCallbackReceiver(() => (down ? 503 : 200));
  return { receiver, channelId: await h.createChannel(receiver.url), back: () => (down = false) };
}
const supervisor = { attendantId: 'admin-1', role: 'supervisor' as const };

test('a channel that is down holds no command, and gets every message in order, once, when it is back', async () => {
  const { receiver, channelId, back } = await channelThatIsDown();
  const worker = await h.newWorker();
  try {
    await worker.runUntil(async () => {
      const { handle, start } = await h.startChat(h.message('quero falar com um atendente'), { channel: channelId });
      const { chatId } = await h.untilStatus(handle, 'transferred');

      // The hand-off message cannot leave; the attendant works on regardless.
      await handle.executeUpdate(claimUpdate, { args: [{ ...ana, chatId }] });
      await handle.executeUpdate(replyUpdate, { args: [{ ...ana, chatId, content: 'primeira' }] });
      await h.send(start, h.message('ainda aí?'));
      await h.untilStatus(handle, 'waiting_attendant');
      await handle.executeUpdate(replyUpdate, { args: [{ ...ana, chatId, content: 'segunda' }] });
      const transferred = await handle.executeUpdate(transferUpdate, {
        args: [{ ...ana, chatId, toDepartment: 'billing' }],
      });
      expect(transferred.status).toBe('transferred');
      expect(receiver.received).toHaveLength(0);
      expect(receiver.attempts()).toBeGreaterThanOrEqual(1);
      const pending = await h.db.message.findMany({
        where: { chatId, sender: { in: ['bot', 'attendant'] } },
        orderBy: { createdAt: 'asc' },
      });
      expect(pending.map((m) => m.deliveryStatus)).toEqual(['pending', 'pending', 'pending']);

      // An hour later the channel is back: everything leaves, in the order it was written.
      await h.env.sleep('1 hour');
      back();
      await h.env.sleep('15 minutes');
      await waitFor(
        () => Promise.resolve(receiver.received.length),
        (n) => n >= 3,
        30_000,
      );
      await handle.executeUpdate(resolveUpdate, { args: [{ ...supervisor, chatId }] });
      await handle.result();
      const delivered = receiver.received.map((r) => r.body.data.content);
      expect(delivered.slice(1)).toEqual(['primeira', 'segunda']);
      expect(new Set(receiver.received.map((r) => r.body.data.id)).size).toBe(receiver.received.length);
      const rows = await h.db.message.findMany({ where: { chatId, sender: { in: ['bot', 'attendant'] } } });
      expect(rows.every((m) => m.deliveryStatus === 'delivered')).toBe(true);
    });
  } finally {
    await receiver.close();
  }
});

test('a chat resolved with deliveries pending ends only once they are delivered', async () => {
  const { receiver, channelId, back } = await channelThatIsDown();
  const worker = await h.newWorker();
  try {
    await worker.runUntil(async () => {
      const { handle } = await h.startChat(h.message('quero falar com um atendente'), { channel: channelId });
      const { chatId } = await h.untilStatus(handle, 'transferred');
      await handle.executeUpdate(resolveUpdate, { args: [{ ...supervisor, chatId }] });
      expect((await handle.describe()).status.name).toBe('RUNNING');
      back();
      await h.env.sleep('10 minutes');
      expect(await handle.result()).toMatchObject({ status: 'resolved' });
      expect(receiver.received).toHaveLength(1);
    });
  } finally {
    await receiver.close();
  }
});

test('history stays short: open + one bot exchange ≤ 15 events, each further exchange ≤ 8', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    // Opened as the webhook opens chats, through the gateway.
    const gateway = new ChatGateway(
      h.env.client,
      h.db,
      worker.options.taskQueue,
      { ...DEFAULT_CHAT_SETTINGS, inactivityTimeout: '1 hour' },
      TEST_WORKFLOW_IDS,
    );
    await gateway.open({ id: h.channelId, type: 'api' }, 'events', { name: 'Maria' });
    const handle = h.env.client.workflow.getHandle(TEST_WORKFLOW_IDS.of(h.channelId, 'events'));
    await waitFor(
      () => h.db.chat.count({ where: { channelId: h.channelId, externalChatId: 'events' } }),
      (n) => n === 1,
    );
    const answered = async (text: string, n: number) => {
      await handle.signal(channelEventSignal, { type: 'message', message: h.message(text) });
      await waitFor(
        () => Promise.resolve(h.receiver.received.filter((r) => r.body.data.conversation_id === 'events').length),
        (c) => c === n,
      );
      // The answer leaves inside the workflow task; wait for that task to be recorded.
      return waitFor(
        async () => (await handle.fetchHistory()).events!,
        (events) =>
          !events.at(-1)?.workflowTaskScheduledEventAttributes && !events.at(-1)?.workflowTaskStartedEventAttributes,
      );
    };
    const first = await answered('Preciso da segunda via do boleto', 1);
    const second = await answered('obrigado', 2);
    expect(first.length).toBeLessThanOrEqual(15);
    expect(second.length - first.length).toBeLessThanOrEqual(8);
    expect((await handle.query(stateQuery)).status).toBe('waiting_customer');
  });
});
