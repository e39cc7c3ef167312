import { stateQuery } from '../../workflows/chat';
import { ChatHarness } from '../helpers/chatHarness';
import { waitFor } from '../helpers/wait';

/**
 * No single message can stop a chat. A database that refuses a write for
 * good (here a real SQLite trigger, as PostgreSQL refuses a NUL byte) used to
 * be retried forever, freezing the chat and every later message. Now the
 * step is recorded as an incident (chat detail, logs) and the chat goes on.
 */
const h = new ChatHarness();
beforeAll(() => h.setUp(), 120_000);
afterAll(() => h.tearDown());

const answersTo = (conversation: string) =>
  h.receiver.received.filter((r) => r.body.data.conversation_id === conversation).length;

test('a message the database refuses is recorded; the next one is stored and answered', async () => {
  await h.db.$executeRawUnsafe(
    `CREATE TRIGGER refuse_poison BEFORE INSERT ON "Message" WHEN NEW.content LIKE '%VENENO%'
     BEGIN SELECT RAISE(ABORT, 'refused'); END;`,
  );
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, start } = await h.startChat(h.message('oi, bom dia'));
    await waitFor(
      () => Promise.resolve(answersTo(start.externalChatId)),
      (n) => n === 1,
    );
    const { chatId } = await handle.query(stateQuery);

    await h.send(start, h.message('VENENO aqui', 'poison-1'));
    const [incident] = await waitFor(
      () => h.db.chatIncident.findMany({ where: { chatId } }),
      (rows) => rows.length === 1,
    );
    expect(incident).toMatchObject({ step: 'receiveMessage', ref: 'poison-1' });
    expect(incident!.reason).toMatch(/^receiveMessage: the database refused the write \(P2003/);

    await h.send(start, h.message('obrigado', 'after-1'));
    await waitFor(
      () => Promise.resolve(answersTo(start.externalChatId)),
      (n) => n === 2,
    );
    expect(await h.db.message.count({ where: { chatId, channelMessageId: 'after-1' } })).toBe(1);
    expect(await h.db.message.count({ where: { chatId, channelMessageId: 'poison-1' } })).toBe(0);
    expect((await handle.query(stateQuery)).status).toBe('waiting_customer');
  });
  await h.db.$executeRawUnsafe('DROP TRIGGER refuse_poison');
});

test("a step whose record the database refuses is recorded; the chat's next step goes on", async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, start } = await h.startChat(h.message('oi, bom dia'));
    await waitFor(
      () => Promise.resolve(answersTo(start.externalChatId)),
      (n) => n === 1,
    );
    const { chatId } = await handle.query(stateQuery);
    // The bot's answer to the next message (its second, `<chatId>-out-2`) is refused for good, in
    // the step's write and in the outbox's attempt alike; the trigger stays, so whether the
    // outbox tries before or after the next step changes nothing.
    await h.db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_answer BEFORE INSERT ON "Message" WHEN NEW.id = '${chatId}-out-2'
       BEGIN SELECT RAISE(ABORT, 'refused'); END;`,
    );
    await h.send(start, h.message('obrigado', 'thanks-1'));
    const [incident] = await waitFor(
      () => h.db.chatIncident.findMany({ where: { chatId } }),
      (rows) => rows.length === 1,
    );
    expect(incident).toMatchObject({ step: 'applyChatChanges', ref: null });

    await h.send(start, h.message('oi de novo', 'again-1'));
    await waitFor(
      () => Promise.resolve(answersTo(start.externalChatId)),
      (n) => n === 2,
    );
    await h.db.$executeRawUnsafe('DROP TRIGGER refuse_answer');
    const answered = h.receiver.received.filter((r) => r.body.data.conversation_id === start.externalChatId);
    expect(answered.map((r) => r.body.data.id)).toEqual([`${chatId}-out-1`, `${chatId}-out-3`]);
    expect(await h.db.message.count({ where: { chatId, channelMessageId: 'again-1' } })).toBe(1);
    expect(await h.db.chatIncident.count({ where: { chatId } })).toBe(1);
  });
});
