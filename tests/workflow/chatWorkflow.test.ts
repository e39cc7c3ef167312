import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TEST_WORKFLOW_IDS } from '../helpers/channelServices';
import {
  channelEventSignal,
  claimUpdate,
  releaseUpdate,
  replyUpdate,
  resolveUpdate,
  stateQuery,
  transferUpdate,
  chatWorkflowV2,
} from '../../workflows/chat';
import { ChatStatusKey, PriorityKey } from '../../workflows/searchAttributes';
import { ChatHarness } from '../helpers/chatHarness';
import { waitFor } from '../helpers/wait';

const h = new ChatHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const ana = { attendantId: 'ana', role: 'attendant' as const };
const bob = { attendantId: 'bob', role: 'attendant' as const };
const admin = { attendantId: 'admin-1', role: 'admin' as const };

test('a billing question is answered by the bot and the chat waits for the customer', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('Preciso da segunda via do boleto'));
    const state = await h.untilStatus(handle, 'waiting_customer');
    expect(state.history.map((e) => e.to)).toEqual(['waiting', 'in_progress', 'waiting_customer']);
    expect(state.lastIntent).toBe('billing');

    // The answer leaves through the outbox; wait until the receiver's answer is recorded.
    const chat = await waitFor(
      () =>
        h.db.chat.findUniqueOrThrow({
          where: { id: state.chatId },
          include: { messages: { orderBy: { createdAt: 'asc' } }, statusChanges: true, contact: true },
        }),
      (c) => c.messages[1]?.deliveryStatus === 'delivered',
    );
    expect(chat.status).toBe('waiting_customer');
    expect(chat.contact.phone).toBe('+5511999990000');
    expect(chat.statusChanges).toHaveLength(3);
    expect(chat.firstResponseAt).not.toBeNull();
    const [inbound, answer] = chat.messages;
    expect(inbound).toMatchObject({ sender: 'customer', intent: 'billing' });
    expect(inbound!.confidence).toBeGreaterThanOrEqual(0.8);
    expect(answer).toMatchObject({ sender: 'bot', deliveryStatus: 'delivered' });
    expect(h.receiver.received.some((r) => r.body.data.id === answer!.id)).toBe(true);

    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(ChatStatusKey)).toBe('waiting_customer');
  });
});

test('a request for a person hands off at once; an urgent problem raises the priority', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const human = await h.startChat(h.message('quero falar com um atendente'));
    const humanState = await h.untilStatus(human.handle, 'transferred');
    expect(humanState.history.at(-1)).toMatchObject({ from: 'in_progress', to: 'transferred', actor: 'bot' });

    const tech = await h.startChat(h.message('O sistema está travado, é urgente!'));
    const techState = await h.untilStatus(tech.handle, 'transferred');
    expect(techState.priority).toBe('high');
    expect((await tech.handle.describe()).typedSearchAttributes.get(PriorityKey)).toBe('high');

    // Once people handle the chat the bot keeps quiet, even for a question it could answer.
    const before = h.receiver.received.length;
    await human.handle.signal(channelEventSignal, {
      type: 'message',
      message: h.message('e a segunda via do boleto?'),
    });
    // Commands run after earlier messages: once the claim answers, the message was handled.
    const claimed = await human.handle.executeUpdate(claimUpdate, { args: [{ ...ana, chatId: humanState.chatId }] });
    expect(claimed.status).toBe('waiting_attendant');
    expect(await h.db.message.count({ where: { chatId: humanState.chatId, sender: 'customer' } })).toBe(2);
    expect(await h.db.message.count({ where: { chatId: humanState.chatId, sender: 'bot' } })).toBe(1);
    expect(h.receiver.received.length).toBe(before);
  });
});

test('the same channel message twice is one message', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const first = h.message('oi', 'dup-1');
    const { handle, start } = await h.startChat(first);
    await h.untilStatus(handle, 'waiting_customer');
    await h.send(start, first);
    await handle.signal(channelEventSignal, { type: 'message', message: first });
    await handle.signal(channelEventSignal, { type: 'message', message: h.message('obrigado') });
    const state = await waitFor(
      () => handle.query(stateQuery),
      (s) => s.lastIntent === 'thanks',
    );
    expect(await h.db.message.count({ where: { channelId: h.channelId, channelMessageId: 'dup-1' } })).toBe(1);
    expect(await h.db.message.count({ where: { chatId: state.chatId, sender: 'customer' } })).toBe(2);
    // The repeats were dropped before the bot saw them: one answer per distinct message.
    expect(await h.db.message.count({ where: { chatId: state.chatId, sender: 'bot' } })).toBe(2);
    expect(state.history.map((e) => e.to)).toEqual([
      'waiting',
      'in_progress',
      'waiting_customer',
      'in_progress',
      'waiting_customer',
    ]);
  });
});

test('attendant commands: illegal ones are rejected before they reach history', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('preciso falar com uma pessoa'));
    const { chatId } = await h.untilStatus(handle, 'transferred');
    const as = (who: { attendantId: string; role: 'admin' | 'attendant' }) => ({ ...who, chatId });

    await expect(handle.executeUpdate(replyUpdate, { args: [{ ...as(ana), content: 'oi' }] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    await expect(handle.executeUpdate(releaseUpdate, { args: [as(ana)] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    await expect(
      handle.executeUpdate(claimUpdate, { args: [{ ...ana, chatId: 'another-chat' }] }),
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    const historyBefore = (await handle.query(stateQuery)).history.length;

    const claimed = await handle.executeUpdate(claimUpdate, { args: [as(ana)] });
    expect(claimed).toMatchObject({ status: 'waiting_attendant', attendantId: 'ana' });
    expect(claimed.history.length).toBe(historyBefore + 1);
    await expect(handle.executeUpdate(claimUpdate, { args: [as(bob)] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    await expect(handle.executeUpdate(resolveUpdate, { args: [as(bob)] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    expect((await handle.query(stateQuery)).history.length).toBe(historyBefore + 1);

    const replied = await handle.executeUpdate(replyUpdate, { args: [{ ...as(ana), content: 'Olá, sou a Ana.' }] });
    expect(replied).toMatchObject({ status: 'waiting_customer', attendantHasWritten: true });
    await handle.signal(channelEventSignal, {
      type: 'message',
      message: h.message('segunda via do boleto, por favor'),
    });
    await h.untilStatus(handle, 'waiting_attendant');

    const resolved = await handle.executeUpdate(resolveUpdate, { args: [{ ...as(ana), note: 'done' }] });
    expect(resolved.status).toBe('resolved');
    expect(await handle.result()).toMatchObject({ status: 'resolved' });
    // A closed chat takes no command.
    await expect(handle.executeUpdate(resolveUpdate, { args: [as(admin)] })).rejects.toThrow();

    const row = await h.db.chat.findUniqueOrThrow({ where: { id: chatId } });
    expect(row).toMatchObject({ status: 'resolved', attendantId: 'ana' });
    expect(row.closedAt).not.toBeNull();
    expect(await h.db.message.count({ where: { chatId, sender: 'attendant' } })).toBe(1);
    // The bot did not answer the billing question after Ana wrote.
    expect(await h.db.message.count({ where: { chatId, sender: 'bot' } })).toBe(1);
  });
});

test('transfers: to a department puts the chat back in the queue; to an attendant assigns it', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('atendente por favor'));
    const { chatId } = await h.untilStatus(handle, 'transferred');
    await handle.executeUpdate(claimUpdate, { args: [{ ...ana, chatId }] });
    await expect(
      handle.executeUpdate(transferUpdate, { args: [{ ...bob, chatId, toDepartment: 'billing' }] }),
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

    const toDept = await handle.executeUpdate(transferUpdate, { args: [{ ...ana, chatId, toDepartment: 'billing' }] });
    expect(toDept).toMatchObject({ status: 'transferred', attendantId: null, department: 'billing' });
    const toBob = await handle.executeUpdate(transferUpdate, { args: [{ ...admin, chatId, toAttendantId: 'bob' }] });
    expect(toBob).toMatchObject({ status: 'waiting_attendant', attendantId: 'bob' });
    expect(toBob.history.at(-1)).toMatchObject({
      from: 'transferred',
      to: 'waiting_attendant',
      actor: 'attendant:admin-1',
      note: 'transferred to attendant bob',
    });
    const row = await h.db.chat.findUniqueOrThrow({ where: { id: chatId } });
    expect(row.attendantId).toBe('bob');
    expect(JSON.parse(row.context)).toMatchObject({ department: 'billing' });
  });
});

test('a supervisor may resolve a chat nobody claimed; an attendant may not', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('meu app não funciona'));
    const { chatId } = await h.untilStatus(handle, 'transferred');
    await expect(handle.executeUpdate(resolveUpdate, { args: [{ ...ana, chatId }] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    const resolved = await handle.executeUpdate(resolveUpdate, { args: [{ ...admin, chatId }] });
    expect(resolved.history.at(-1)).toMatchObject({ from: 'transferred', to: 'resolved', actor: 'attendant:admin-1' });
  });
});

test('closing a conversation cancels it; a new message afterwards opens a new run with the same id', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, start } = await h.startChat(h.message('oi'));
    const first = await h.untilStatus(handle, 'waiting_customer');
    await handle.signal(channelEventSignal, { type: 'close', request: { actor: 'customer' } });
    expect(await handle.result()).toMatchObject({ status: 'cancelled', chatId: first.chatId });

    const again = await h.send(start, h.message('oi, tudo bem?'));
    const second = await waitFor(
      () => again.query(stateQuery),
      (s) => s.status === 'waiting_customer',
    );
    expect(second.chatId).not.toBe(first.chatId);
    expect(again.workflowId).toBe(handle.workflowId);
    expect(await h.db.chat.count({ where: { workflowId: handle.workflowId } })).toBe(2);
  });
});

test('a receiver that refuses (4xx) is not retried and the delivery is recorded as failed', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('segunda via do boleto'), { channel: h.refusingChannelId });
    const state = await h.untilStatus(handle, 'waiting_customer');
    const bot = await waitFor(
      () => h.db.message.findFirstOrThrow({ where: { chatId: state.chatId, sender: 'bot' } }),
      (m) => m.deliveryStatus !== 'pending',
    );
    expect(bot.deliveryStatus).toBe('failed');
    expect(h.refusing.attempts()).toBe(1);
  });
});

test('the opened signal alone starts a chat that waits for the first message', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const handle = await h.env.client.workflow.signalWithStart(chatWorkflowV2, {
      taskQueue: worker.options.taskQueue,
      workflowId: TEST_WORKFLOW_IDS.of(h.channelId, 'opened-only'),
      args: [h.chatStart('opened-only')],
      signal: channelEventSignal,
      signalArgs: [{ type: 'opened' }],
    });
    const state = await waitFor(
      () => handle.query(stateQuery),
      (s) => s.history.length === 1,
    );
    expect(state.status).toBe('waiting');
    await waitFor(
      () => h.db.chat.count({ where: { id: state.chatId } }),
      (n) => n === 1,
    );
  });
});

test('a receiver that fails (5xx) is retried with backoff until it accepts', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('segunda via do boleto'), { channel: h.flakyChannelId });
    // The chat does not wait for the delivery: it waits for the customer while the outbox retries.
    const state = await h.untilStatus(handle, 'waiting_customer');
    await waitFor(
      () => Promise.resolve(h.flaky.received.length),
      (n) => n === 1,
      60_000,
    );
    expect(h.flaky.attempts()).toBe(3);
    expect(h.flaky.received).toHaveLength(1);
    const bot = await waitFor(
      () => h.db.message.findFirstOrThrow({ where: { chatId: state.chatId, sender: 'bot' } }),
      (m) => m.deliveryStatus !== 'pending',
    );
    expect(bot.deliveryStatus).toBe('delivered');
  });
});

test('messages that arrive while a chat closes open the next chat, which the API can address', async () => {
  // The worker polls only inside runUntil: the start, the close and the late
  // message all land in the chat's first workflow task.
  const worker = await h.newWorker();
  const handle = await h.send(h.chatStart('closing-race'), h.message('oi'));
  await handle.signal(channelEventSignal, { type: 'close', request: { actor: 'customer' } });
  await handle.signal(channelEventSignal, {
    type: 'message',
    message: h.message('espera, preciso da segunda via do boleto'),
  });
  await worker.runUntil(async () => {
    // (Not result(): it would follow the chain into the next chat.)
    const first = await waitFor(
      () => h.db.chat.findUnique({ where: { id: handle.signaledRunId } }),
      (c) => c?.status === 'cancelled',
    );
    const next = await waitFor(
      () => h.env.client.workflow.getHandle(handle.workflowId).query(stateQuery),
      (s) => s.status === 'waiting_customer',
    );
    expect(next.chatId).not.toBe(first!.id);
    expect(next.lastIntent).toBe('billing');
    // The memo names the new chat, which is how the API tells the two apart.
    const description = await h.env.client.workflow.getHandle(handle.workflowId).describe();
    expect(description.memo?.chatId).toBe(next.chatId);
    // A command for the closed chat is refused; one for the new chat works (a supervisor may take over from the bot).
    const current = h.env.client.workflow.getHandle<typeof chatWorkflowV2>(handle.workflowId);
    await expect(
      current.executeUpdate(claimUpdate, { args: [{ ...admin, chatId: first!.id }] }),
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect(await current.executeUpdate(claimUpdate, { args: [{ ...admin, chatId: next.chatId }] })).toMatchObject({
      attendantId: 'admin-1',
    });
    expect(await h.db.chat.count({ where: { workflowId: handle.workflowId } })).toBe(2);
  });
});
