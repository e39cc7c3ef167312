import { WorkflowUpdateFailedError } from '@temporalio/client';
import { chatWorkflowId } from '../../workflows/ids';
import { claimUpdate, closeSignal, inboundSignal, openedSignal, releaseUpdate, replyUpdate, resolveUpdate, stateQuery, chatWorkflow } from '../../workflows/chat';
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

    const chat = await h.db.chat.findUniqueOrThrow({
      where: { id: state.chatId },
      include: { messages: { orderBy: { createdAt: 'asc' } }, statusChanges: true, contact: true },
    });
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
    await human.handle.signal(inboundSignal, h.message('e a segunda via do boleto?'));
    await waitFor(() => h.db.message.count({ where: { content: 'e a segunda via do boleto?' } }), (n) => n === 1);
    expect((await human.handle.query(stateQuery)).status).toBe('transferred');
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
    await handle.signal(inboundSignal, first);
    await handle.signal(inboundSignal, h.message('obrigado'));
    const state = await waitFor(() => handle.query(stateQuery), (s) => s.lastIntent === 'thanks');
    expect(await h.db.message.count({ where: { channelId: h.channelId, channelMessageId: 'dup-1' } })).toBe(1);
    expect(await h.db.message.count({ where: { chatId: state.chatId, sender: 'customer' } })).toBe(2);
  });
});

test('attendant commands: illegal ones are rejected before they reach history', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('preciso falar com uma pessoa'));
    await h.untilStatus(handle, 'transferred');

    await expect(handle.executeUpdate(replyUpdate, { args: [{ ...ana, content: 'oi' }] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(handle.executeUpdate(releaseUpdate, { args: [ana] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    const historyBefore = (await handle.query(stateQuery)).history.length;

    const claimed = await handle.executeUpdate(claimUpdate, { args: [ana] });
    expect(claimed).toMatchObject({ status: 'waiting_attendant', attendantId: 'ana' });
    expect(claimed.history.length).toBe(historyBefore + 1);
    await expect(handle.executeUpdate(claimUpdate, { args: [bob] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(handle.executeUpdate(resolveUpdate, { args: [bob] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect((await handle.query(stateQuery)).history.length).toBe(historyBefore + 1);

    const replied = await handle.executeUpdate(replyUpdate, { args: [{ ...ana, content: 'Olá, sou a Ana.' }] });
    expect(replied).toMatchObject({ status: 'waiting_customer', attendantHasWritten: true });
    await handle.signal(inboundSignal, h.message('segunda via do boleto, por favor'));
    await h.untilStatus(handle, 'waiting_attendant');

    const resolved = await handle.executeUpdate(resolveUpdate, { args: [{ ...ana, note: 'done' }] });
    expect(resolved.status).toBe('resolved');
    expect(await handle.result()).toMatchObject({ status: 'resolved' });
    // A closed chat takes no command.
    await expect(handle.executeUpdate(resolveUpdate, { args: [admin] })).rejects.toThrow();

    const row = await h.db.chat.findUniqueOrThrow({ where: { id: resolved.chatId } });
    expect(row).toMatchObject({ status: 'resolved', attendantId: 'ana' });
    expect(row.closedAt).not.toBeNull();
    expect(await h.db.message.count({ where: { chatId: resolved.chatId, sender: 'attendant' } })).toBe(1);
    // The bot did not answer the billing question after Ana wrote.
    expect(await h.db.message.count({ where: { chatId: resolved.chatId, sender: 'bot' } })).toBe(1);
  });
});

test('a supervisor may resolve a chat nobody claimed; an attendant may not', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('meu app não funciona'));
    await h.untilStatus(handle, 'transferred');
    await expect(handle.executeUpdate(resolveUpdate, { args: [ana] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    const resolved = await handle.executeUpdate(resolveUpdate, { args: [admin] });
    expect(resolved.history.at(-1)).toMatchObject({ from: 'transferred', to: 'resolved', actor: 'attendant:admin-1' });
  });
});

test('closing a conversation cancels it; a new message afterwards opens a new run with the same id', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, start } = await h.startChat(h.message('oi'));
    const first = await h.untilStatus(handle, 'waiting_customer');
    await handle.signal(closeSignal, { actor: 'customer' });
    expect(await handle.result()).toMatchObject({ status: 'cancelled', chatId: first.chatId });

    const again = await h.send(start, h.message('oi de novo'));
    const second = await waitFor(() => again.query(stateQuery), (s) => s.status === 'waiting_customer');
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
    const bot = await h.db.message.findFirstOrThrow({ where: { chatId: state.chatId, sender: 'bot' } });
    expect(bot.deliveryStatus).toBe('failed');
    expect(h.refusing.attempts()).toBe(1);
  });
});

test('the opened signal alone starts a chat that waits for the first message', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const handle = await h.env.client.workflow.signalWithStart(chatWorkflow, {
      taskQueue: (worker.options.taskQueue),
      workflowId: chatWorkflowId(h.channelId, 'opened-only'),
      args: [h.chatStart('opened-only')],
      signal: openedSignal,
      signalArgs: [undefined],
    });
    const state = await waitFor(() => handle.query(stateQuery), (s) => s.history.length === 1);
    expect(state.status).toBe('waiting');
    await waitFor(() => h.db.chat.count({ where: { id: state.chatId } }), (n) => n === 1);
  });
});

test('a receiver that fails (5xx) is retried with backoff until it accepts', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('segunda via do boleto'), { channel: h.flakyChannelId });
    const state = await waitFor(() => handle.query(stateQuery), (s) => s.status === 'waiting_customer', 60_000);
    expect(h.flaky.attempts()).toBe(3);
    expect(h.flaky.received).toHaveLength(1);
    const bot = await h.db.message.findFirstOrThrow({ where: { chatId: state.chatId, sender: 'bot' } });
    expect(bot.deliveryStatus).toBe('delivered');
  });
});

test('a long chat continues as new with its id, status, history and seen messages', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const first = h.message('oi', 'can-1');
    const { handle, start } = await h.startChat(first, { settings: { continueAsNewAfterEvents: 20 } });
    const before = await h.untilStatus(handle, 'waiting_customer');
    for (const text of ['segunda via do boleto', 'obrigado']) {
      await h.send(start, h.message(text));
      await waitFor(() => handle.query(stateQuery), (s) => s.status === 'waiting_customer' && s.history.length > before.history.length);
    }
    const description = await handle.describe();
    expect(description.runId).not.toBe(before.chatId); // a later run of the chain
    await h.send(start, first); // a repeat from before continue-as-new is still recognised
    await h.send(start, h.message('quero falar com um atendente'));
    const after = await h.untilStatus(handle, 'transferred');
    expect(after.chatId).toBe(before.chatId);
    expect(after.history.map((e) => e.seq)).toEqual(after.history.map((_, i) => i + 1));
    expect(await h.db.message.count({ where: { chatId: before.chatId, sender: 'customer' } })).toBe(4);
    expect(await h.db.chat.count({ where: { workflowId: handle.workflowId } })).toBe(1);
  });
});
