import { WorkflowNotFoundError } from '@temporalio/client';
import { ChatGateway } from '../../src/chats/gateway';
import { channelEventSignal, chatWorkflowV2 } from '../../workflows/chat';
import { legacyChatWorkflowId } from '../../workflows/ids';
import { DEFAULT_CHAT_SETTINGS } from '../../workflows/types';
import { TEST_WORKFLOW_IDS } from '../helpers/channelServices';
import { ChatHarness } from '../helpers/chatHarness';
import { waitFor } from '../helpers/wait';

// How the gateway finds a conversation's chat once workflow ids are opaque:
// a new chat's id hides the conversation's id; a chat opened under the old
// id in clear (`chat-<channelId>-<conversation>`) keeps getting its
// conversation's messages, recorded or not yet.

const h = new ChatHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

let phones = 5511970000000;
const nextPhone = () => String(++phones);
const contact = { name: 'Maria', phone: '+55 11 99999-0000' };

function gatewayOn(taskQueue: string) {
  return new ChatGateway(
    h.env.client,
    h.db,
    taskQueue,
    { ...DEFAULT_CHAT_SETTINGS, inactivityTimeout: '1 hour' },
    TEST_WORKFLOW_IDS,
  );
}
const channel = () => ({ id: h.channelId, type: 'api' as const });

/** A chat as a version before opaque ids opened it: under the conversation's id in clear. */
function openLegacy(taskQueue: string, phone: string, first = h.message('oi')) {
  return h.env.client.workflow.signalWithStart(chatWorkflowV2, {
    taskQueue,
    workflowId: legacyChatWorkflowId(h.channelId, phone),
    args: [{ ...h.chatStart(phone), chatId: `legacy-${phone}` }],
    memo: { chatId: `legacy-${phone}` },
    signal: channelEventSignal,
    signalArgs: [{ type: 'message', message: first }],
  });
}

async function isRunning(workflowId: string): Promise<boolean> {
  try {
    return (await h.env.client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

const customerMessages = (chatId: string) => h.db.message.count({ where: { chatId, sender: 'customer' } });

test("a new chat's workflow id hides the phone; the conversation's next message reaches the same chat", async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const gateway = gatewayOn(worker.options.taskQueue);
    const phone = nextPhone();
    await gateway.receive(channel(), phone, contact, h.message('oi'));
    const chat = await waitFor(() => h.db.chat.findFirst({ where: { externalChatId: phone } }), Boolean);
    expect(chat!.workflowId).toBe(TEST_WORKFLOW_IDS.of(h.channelId, phone));
    expect(chat!.workflowId).not.toContain(phone.slice(-8));
    expect(await isRunning(chat!.workflowId)).toBe(true);

    await gateway.receive(channel(), phone, undefined, h.message('ainda aí?'));
    expect(await gateway.message(channel(), phone, h.message('alô?'))).toEqual({ kind: 'accepted', chatId: chat!.id });
    await waitFor(
      () => customerMessages(chat!.id),
      (n) => n === 3,
    );
    expect(await h.db.chat.count({ where: { externalChatId: phone } })).toBe(1);
    expect(await isRunning(legacyChatWorkflowId(h.channelId, phone))).toBe(false);
  });
});

test('a chat opened under the old id, and recorded, keeps receiving its conversation', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const gateway = gatewayOn(worker.options.taskQueue);
    const phone = nextPhone();
    await openLegacy(worker.options.taskQueue, phone);
    const chat = await waitFor(() => h.db.chat.findFirst({ where: { externalChatId: phone } }), Boolean);
    expect(chat!.workflowId).toBe(legacyChatWorkflowId(h.channelId, phone));

    await gateway.receive(channel(), phone, contact, h.message('segunda mensagem'));
    expect(await gateway.message(channel(), phone, h.message('terceira'))).toEqual({
      kind: 'accepted',
      chatId: chat!.id,
    });
    expect(await gateway.open(channel(), phone, contact)).toBe(chat!.id);
    await waitFor(
      () => customerMessages(chat!.id),
      (n) => n === 3,
    );
    expect(await h.db.chat.count({ where: { externalChatId: phone } })).toBe(1);
    expect(await isRunning(TEST_WORKFLOW_IDS.of(h.channelId, phone))).toBe(false);
  });
});

test('a chat opened under the old id but not recorded yet (no worker ran it) still gets a message for its open conversation', async () => {
  // The old chat waits on a task queue no worker polls yet: it has not written its row.
  const queue = `not-yet-polled-${nextPhone()}`;
  const phone = nextPhone();
  await openLegacy(queue, phone);
  const gateway = gatewayOn(queue);
  const outcome = await gateway.message(channel(), phone, h.message('oi de novo'));
  expect(outcome.kind).toBe('accepted');
  expect(await h.db.chat.count({ where: { externalChatId: phone } })).toBe(0);
  expect(await isRunning(TEST_WORKFLOW_IDS.of(h.channelId, phone))).toBe(false);
  const history = await h.env.client.workflow.getHandle(legacyChatWorkflowId(h.channelId, phone)).fetchHistory();
  expect(history.events!.filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(2);
});
