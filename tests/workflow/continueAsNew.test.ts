import { stateQuery } from '../../workflows/chat';
import { ChatHarness } from '../helpers/chatHarness';
import { waitFor } from '../helpers/wait';

// On the real dev server: the time-skipping test server's continue-as-new is
// not atomic (temporalio/sdk-java#1538), so a signal sent at that moment can be
// lost there, though never on a real server.
const h = new ChatHarness('dev');
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

test('a long chat continues as new with its id, status, history and seen messages', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const first = h.message('oi', 'can-1');
    // 8 events: every message ends its run with a continue-as-new.
    const { handle, start } = await h.startChat(first, { settings: { continueAsNewAfterEvents: 8 } });
    const before = await h.untilStatus(handle, 'waiting_customer');
    let length = before.history.length;
    for (const text of ['segunda via do boleto', 'obrigado']) {
      await h.send(start, h.message(text));
      length = (
        await waitFor(
          () => handle.query(stateQuery),
          (s) => s.status === 'waiting_customer' && s.history.length === length + 2,
        )
      ).history.length;
    }
    expect((await handle.describe()).runId).not.toBe(handle.signaledRunId);
    const beforeRepeat = await handle.query(stateQuery);
    await h.send(start, first); // a repeat from two runs ago is still recognised
    await h.send(start, h.message('quero falar com um atendente'));
    const after = await h.untilStatus(handle, 'transferred');
    // The repeat changed nothing: only the request for a person moved the chat.
    expect(after.history.length).toBe(beforeRepeat.history.length + 2);
    expect(await h.db.message.count({ where: { chatId: before.chatId, sender: 'bot' } })).toBe(4);
    expect(after.chatId).toBe(before.chatId);
    expect(after.history.map((e) => e.seq)).toEqual(after.history.map((_, i) => i + 1));
    expect(await h.db.message.count({ where: { chatId: before.chatId, sender: 'customer' } })).toBe(4);
    expect(await h.db.chat.count({ where: { workflowId: handle.workflowId } })).toBe(1);
    // The protocol travels with the state; its line went out once, in the first run.
    expect(before.protocol).toMatch(/^\d{14}$/);
    expect(after.protocol).toBe(before.protocol);
    const sent = await h.db.message.findMany({ where: { chatId: before.chatId, sender: 'bot' } });
    expect(sent.filter((m) => m.content.includes(before.protocol!))).toHaveLength(1);
  });
});
