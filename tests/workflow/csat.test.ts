import { claimUpdate, resolveUpdate } from '../../workflows/chat';
import { CSAT_SKIPPED_NOTE } from '../../activities/csat';
import { FakeGraphApi } from '../fakes/graphApi';
import { ChatHarness, type ChatHandle } from '../helpers/chatHarness';
import { waitFor } from '../helpers/wait';
import { UNREACHABLE_CHANNEL_SERVICES } from '../helpers/channelServices';
import type { ChatStart } from '../../workflows/types';

// The survey's window is a workflow timer: time-skipping, on a server of its own.
const h = new ChatHarness();
const graph = new FakeGraphApi('wa-token');
let channelId: string;
beforeAll(async () => {
  await h.setUp();
  await graph.start();
  channelId = await h.createChannel(h.receiver.url, { csat: { enabled: true, window: '1 hour' } });
});
afterAll(async () => {
  await graph.stop();
  await h.tearDown();
});

const ana = { attendantId: 'ana', role: 'attendant' as const };

/** A chat handed to Ana and resolved by her; returns once the rating question went out. */
async function resolvedChat(opts: { channel?: string; start?: Partial<ChatStart> } = {}) {
  const { handle, start } = await h.startChat(h.message('quero falar com um atendente'), {
    channel: opts.channel ?? channelId,
  });
  const { chatId } = await h.untilStatus(handle, 'transferred');
  await handle.executeUpdate(claimUpdate, { args: [{ ...ana, chatId }] });
  await handle.executeUpdate(resolveUpdate, { args: [{ ...ana, chatId }] });
  return { handle, start, chatId };
}

function surveyCallbacks(conversation: string, step: string) {
  return h.receiver.received.filter(
    (c) => c.body.data.conversation_id === conversation && c.body.data.kind === 'csat' && c.body.data.csat === step,
  );
}

function untilAsked(start: ChatStart, step: string) {
  return waitFor(
    async () => surveyCallbacks(start.externalChatId, step),
    (c) => c.length > 0,
  );
}

async function chatsOf(start: ChatStart) {
  return h.db.chat.findMany({
    where: { channelId: start.channelId, externalChatId: start.externalChatId },
    orderBy: { startedAt: 'asc' },
  });
}

test('a resolved chat asks for a rating, then a comment, and stores both', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, start, chatId } = await resolvedChat();
    const [question] = await untilAsked(start, 'rating');
    expect(question!.body).toMatchObject({ type: 'OUTBOUND_MESSAGE', data: { kind: 'csat', sender: 'system' } });
    expect(question!.body.data.content).toMatch(/de 1 .* a 5/);

    await h.send(start, h.message(' 4 '));
    await untilAsked(start, 'comment');
    await h.send(start, h.message('Ana foi ótima'));
    await untilAsked(start, 'thanks');
    expect(await handle.result()).toMatchObject({ chatId, status: 'resolved' });

    const row = await h.db.chat.findUniqueOrThrow({ where: { id: chatId } });
    expect(row).toMatchObject({ rating: 4, feedback: 'Ana foi ótima', status: 'resolved' });
    // The answers are the chat's messages; no other chat was opened.
    const contents = (await h.db.message.findMany({ where: { chatId, sender: 'customer' } })).map((m) => m.content);
    expect(contents).toEqual(expect.arrayContaining([' 4 ', 'Ana foi ótima']));
    expect(await chatsOf(start)).toHaveLength(1);
    expect(await h.db.chatEvent.count({ where: { chatId, type: 'csat.low' } })).toBe(0);
    // Every stored rating is a live event (event webhooks' csat.received), once; the comment is not in it.
    const received = await h.db.chatEvent.findMany({ where: { chatId, type: 'csat.received' } });
    expect(received.map((e) => JSON.parse(e.data))).toEqual([{ chatId, rating: 4 }]);
    const stored = await h.db.message.findMany({ where: { chatId, sender: 'system' }, orderBy: { createdAt: 'asc' } });
    expect(stored.map((m) => JSON.parse(m.metadata).csat)).toEqual(['rating', 'comment', 'thanks']);
  });
});

test('a rating of 2 or less raises csat.low', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { start, chatId } = await resolvedChat();
    await untilAsked(start, 'rating');
    await h.send(start, h.message('2'));
    await untilAsked(start, 'comment');
    const events = await h.db.chatEvent.findMany({ where: { chatId, type: 'csat.low' } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.data)).toEqual({ chatId, rating: 2 });
    expect((await h.db.chat.findUniqueOrThrow({ where: { id: chatId } })).rating).toBe(2);
  });
});

test('the survey closes after its window: a late rating opens a new chat', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, start, chatId } = await resolvedChat();
    await untilAsked(start, 'rating');
    // Awaiting the end skips time to the window's close.
    await handle.result();
    await h.send(start, h.message('5'));
    const chats = await waitFor(
      () => chatsOf(start),
      (c) => c.length === 2,
    );
    expect(chats[0]).toMatchObject({ id: chatId, rating: null, feedback: null });
    const late = await waitFor(
      () => h.db.message.findFirst({ where: { content: '5', chat: { externalChatId: start.externalChatId } } }),
      (m) => m !== null,
    );
    expect(late!.chatId).toBe(chats[1]!.id);
    expect(surveyCallbacks(start.externalChatId, 'comment')).toHaveLength(0);
  });
});

test('an answer that is not 1–5 ends the survey and opens a new chat, as any message after resolve', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { start, chatId } = await resolvedChat();
    await untilAsked(start, 'rating');
    await h.send(start, h.message('tenho outra dúvida: segunda via do boleto'));
    const chats = await waitFor(
      () => chatsOf(start),
      (c) => c.length === 2,
    );
    expect(chats[0]).toMatchObject({ id: chatId, rating: null });
    const moved = await waitFor(
      () => h.db.message.findFirst({ where: { content: { startsWith: 'tenho outra' } } }),
      (m) => m !== null,
    );
    expect(moved!.chatId).toBe(chats[1]!.id);
    expect(surveyCallbacks(start.externalChatId, 'comment')).toHaveLength(0);
  });
});

test('a channel with the survey off ends the chat at resolve', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, start } = await resolvedChat({ channel: h.channelId });
    await handle.result();
    expect(
      h.receiver.received.filter((c) => c.body.data.conversation_id === start.externalChatId && c.body.data.kind),
    ).toEqual([]);
  });
});

describe('on WhatsApp', () => {
  let waChannel: string;
  beforeAll(async () => {
    const row = await h.db.channel.create({
      data: {
        type: 'whatsapp',
        name: 'wa',
        credentials: JSON.stringify({ accessToken: 'wa-token', appSecret: 'x', verifyToken: 'y' }),
        settings: JSON.stringify({ phoneNumberId: '123456', csat: { enabled: true, window: '1 hour' } }),
      },
    });
    waChannel = row.id;
  });

  async function waChat(handleStart: (handle: ChatHandle) => Promise<void> = async () => undefined) {
    const conversation = `55119${Date.now() % 1_000_000}`;
    const start = { ...h.chatStart(conversation, waChannel), channelType: 'whatsapp' as const };
    const handle = await h.send(start, h.message('quero falar com um atendente'));
    const { chatId } = await h.untilStatus(handle, 'transferred');
    await handleStart(handle);
    await handle.executeUpdate(claimUpdate, { args: [{ ...ana, chatId }] });
    return { handle, start, chatId };
  }

  test('the rating question is an interactive list; a list_reply rates', async () => {
    const worker = await h.newWorker({ ...UNREACHABLE_CHANNEL_SERVICES, whatsappApiUrl: graph.apiUrl });
    await worker.runUntil(async () => {
      const { handle, start, chatId } = await waChat();
      await handle.executeUpdate(resolveUpdate, { args: [{ ...ana, chatId }] });
      const [asked] = await waitFor(
        async () =>
          graph
            .sends()
            .filter(
              (c: { json: unknown }) =>
                (c.json as { to?: string }).to === start.externalChatId &&
                (c.json as { type?: string }).type === 'interactive',
            ),
        (c) => c.length > 0,
      );
      const interactive = (
        asked!.json as {
          interactive: { type: string; action: { sections: { rows: { id: string; title: string }[] }[] } };
        }
      ).interactive;
      expect(interactive.type).toBe('list');
      expect(interactive.action.sections[0]!.rows.map((r) => r.title)).toEqual(['5', '4', '3', '2', '1']);
      // The webhook reads a list_reply as an `interactive` message whose text is the row's title.
      await h.send(start, { ...h.message('5'), type: 'interactive' });
      await waitFor(
        () => h.db.chat.findUniqueOrThrow({ where: { id: chatId } }),
        (c) => c.rating === 5,
      );
    });
  });

  test('outside the 24-hour window the survey is skipped with a note', async () => {
    const worker = await h.newWorker({ ...UNREACHABLE_CHANNEL_SERVICES, whatsappApiUrl: graph.apiUrl });
    await worker.runUntil(async () => {
      const { handle, chatId } = await waChat();
      // The customer last wrote two days ago.
      await h.db.message.updateMany({
        where: { chatId, sender: 'customer' },
        data: { createdAt: new Date(Date.now() - 48 * 3_600_000) },
      });
      const sentBefore = graph.sends().length;
      await handle.executeUpdate(resolveUpdate, { args: [{ ...ana, chatId }] });
      await handle.result();
      const note = await h.db.message.findUniqueOrThrow({ where: { id: `${chatId}-csat-skipped` } });
      expect(note).toMatchObject({ sender: 'system', type: 'system', content: CSAT_SKIPPED_NOTE, chatId });
      expect(graph.sends().length).toBe(sentBefore);
    });
  });
});
