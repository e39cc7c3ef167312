import { stateQuery } from '../../workflows/chat';
import { ChatHarness } from '../helpers/chatHarness';

// Timer tests skip time on the whole test server, so they get a server of their own.
const h = new ChatHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

test('a silent customer closes the chat after the inactivity timeout', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('bom dia'));
    await h.untilStatus(handle, 'waiting_customer');
    await h.env.sleep('59 minutes');
    expect((await handle.query(stateQuery)).status).toBe('waiting_customer');
    await h.env.sleep('2 minutes');
    const outcome = await handle.result();
    expect(outcome.status).toBe('resolved');
    const changes = await h.db.statusChange.findMany({ where: { chatId: outcome.chatId }, orderBy: { seq: 'asc' } });
    expect(changes.at(-1)).toMatchObject({ from: 'waiting_customer', to: 'resolved', actor: 'system' });
  });
});

test('each customer message pushes the inactivity deadline back', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, start } = await h.startChat(h.message('oi'));
    await h.untilStatus(handle, 'waiting_customer');
    await h.env.sleep('50 minutes');
    await h.send(start, h.message('obrigado'));
    await h.untilStatus(handle, 'waiting_customer');
    await h.env.sleep('50 minutes');
    expect((await handle.query(stateQuery)).status).toBe('waiting_customer');
    await h.env.sleep('15 minutes');
    expect((await handle.result()).status).toBe('resolved');
  });
});
