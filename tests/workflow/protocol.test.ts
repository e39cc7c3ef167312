import { channelEventSignal, claimUpdate, replyUpdate, stateQuery } from '../../workflows/chat';
import { ChatHarness } from '../helpers/chatHarness';
import { waitFor } from '../helpers/wait';

// The chat's protocol number: in its state from `recordChat`, in the first
// message Atende sends (once, in the customer's language), and in the bot's
// answer when the customer asks for it.
const h = new ChatHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const PROTOCOL = /^\d{8}\d{6}$/;

async function sentMessages(chatId: string, count: number) {
  return waitFor(
    () =>
      h.db.message.findMany({
        where: { chatId, sender: { not: 'customer' } },
        orderBy: { id: 'asc' },
      }),
    (ms) => ms.length >= count,
  );
}

test('protocol: the bot’s first answer carries the line once, and the bot answers the number when asked', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('Preciso da segunda via do boleto'));
    const state = await h.untilStatus(handle, 'waiting_customer');
    const { protocol } = await h.db.chat.findUniqueOrThrow({ where: { id: state.chatId } });
    expect(protocol).toMatch(PROTOCOL);
    expect(state.protocol).toBe(protocol);

    await handle.signal(channelEventSignal, { type: 'message', message: h.message('obrigado') });
    await handle.signal(channelEventSignal, { type: 'message', message: h.message('qual é o meu protocolo?') });
    const [first, second, third] = await sentMessages(state.chatId, 3);
    expect(first!.content.split('\n').at(-1)).toBe(`Protocolo de atendimento: ${protocol}`);
    expect(first!.content.split(protocol!)).toHaveLength(2);
    expect(second!.content).not.toContain(protocol);
    expect(third!.content).toBe(`O número do seu protocolo de atendimento é ${protocol}.`);
    const asked = await h.db.message.findFirstOrThrow({
      where: { chatId: state.chatId, content: 'qual é o meu protocolo?' },
    });
    expect(asked.intent).toBe('protocol');
    // The customer got it too, exactly as stored.
    const delivered = await waitFor(
      () => Promise.resolve(h.receiver.received.find((r) => r.body.data.id === first!.id)),
      (r) => r !== undefined,
    );
    expect(delivered!.body.data.content).toBe(first!.content);
  });
});

test('protocol: in English, the line speaks English', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('what is my protocol number?'));
    const state = await h.untilStatus(handle, 'waiting_customer');
    const [answer] = await sentMessages(state.chatId, 1);
    // The answer names the number already: no second line.
    expect(answer!.content).toBe(`Your ticket number is ${state.protocol}.`);
    await handle.signal(channelEventSignal, { type: 'message', message: h.message('hello') });
    const [, hello] = await sentMessages(state.chatId, 2);
    expect(hello!.content).not.toContain(state.protocol!);

    const other = await h.startChat(h.message('hello there, how do I pay my bill?'));
    const otherState = await waitFor(
      () => other.handle.query(stateQuery),
      (s) => s.history.length >= 3,
    );
    const [first] = await sentMessages(otherState.chatId, 1);
    expect(first!.content.split('\n').at(-1)).toBe(`Your ticket number: ${otherState.protocol}`);
  });
});

test('protocol: the hand-off notice carries the line when it is the first message; the attendant’s reply does not', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle } = await h.startChat(h.message('quero falar com um atendente'));
    const { chatId, protocol } = await h.untilStatus(handle, 'transferred');
    const [notice] = await sentMessages(chatId, 1);
    expect(notice!.content.split('\n').at(-1)).toBe(`Protocolo de atendimento: ${protocol}`);
    const actor = { attendantId: 'ana', role: 'attendant' as const, chatId };
    await handle.executeUpdate(claimUpdate, { args: [actor] });
    await handle.executeUpdate(replyUpdate, { args: [{ ...actor, content: 'Olá, sou a Ana.' }] });
    const [, reply] = await sentMessages(chatId, 2);
    expect(reply!.content).toBe('Olá, sou a Ana.');
  });
});
