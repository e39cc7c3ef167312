import { randomUUID } from 'node:crypto';
import { ApiApp } from '../helpers/apiApp';
import { ApiChannelFixture } from '../helpers/apiChannelFixture';
import { SseClient } from '../helpers/sseClient';
import { waitFor } from '../helpers/wait';

// Private notes: written by whoever may read the chat, listed in the chat's
// detail and the contact's notes, told to mentioned attendants live, carried
// by a transfer, and never sent to the customer.

describe('notes through the API alone (no chat engine)', () => {
  const app = new ApiApp();
  const clients: SseClient[] = [];
  let n = 0;

  beforeAll(async () => {
    await app.start();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await app.stop();
  });

  /** A chat waiting in `department`'s queue (an attendant there reads it; one of another department does not). */
  async function queuedChat(
    department: string,
    contactName = 'Cliente',
  ): Promise<{ chatId: string; contactId: string }> {
    const chatId = `notes-chat-${++n}`;
    const { contactId } = await app.seedChats(
      {
        [chatId]: {
          status: 'transferred',
          department,
          queuedAt: new Date(),
          protocol: `2026120190${String(n).padStart(4, '0')}`,
        },
      },
      contactName,
    );
    return { chatId, contactId };
  }

  async function listen(token: string) {
    const client = await SseClient.open(`${app.url}/api/v1/events`, { authorization: `Bearer ${token}` });
    clients.push(client);
    const deadline = Date.now() + 2_000;
    while (client.frames.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return client;
  }

  const notesOf = (chatId: string) => app.db.chatNote.count({ where: { chatId } });

  test('requires authentication', async () => {
    const { chatId, contactId } = await queuedChat('vendas');
    await app.expectAuthRequired('POST', `/api/v1/chats/${chatId}/notes`, { content: 'x' });
    await app.expectAuthRequired('GET', `/api/v1/contacts/${contactId}/notes`);
  });

  test('a note is written by a reader of the chat and listed in its detail, oldest first', async () => {
    const { chatId } = await queuedChat('vendas');
    const ana = await app.as('attendant', { department: 'vendas', name: 'Ana' });
    const bia = await app.as('attendant', { department: 'suporte', name: 'Bia' });

    const first = await app.request('POST', `/api/v1/chats/${chatId}/notes`, {
      token: ana.token,
      body: { content: '  Cliente já ligou duas vezes.  ', mentions: [bia.id, bia.id] },
    });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      chatId,
      kind: 'note',
      author: { id: ana.id, name: 'Ana' },
      content: 'Cliente já ligou duas vezes.',
      mentions: [bia.id],
      createdAt: expect.any(String),
    });
    const second = await app.request('POST', `/api/v1/chats/${chatId}/notes`, {
      token: ana.token,
      body: { content: 'Prometi retorno até amanhã.' },
    });
    expect(second.status).toBe(201);

    const detail = await app.request('GET', `/api/v1/chats/${chatId}`, { token: ana.token });
    expect(detail.status).toBe(200);
    expect(detail.body.notes.map((x: { id: string }) => x.id)).toEqual([first.body.id, second.body.id]);
    expect(detail.body.handoffNote).toBeNull();
    // A note is not a message: the messages of the chat (and of the API) do not have it.
    expect(detail.body.messages).toEqual([]);
    const messages = await app.request('GET', `/api/v1/messages?chatId=${chatId}`, { token: ana.token });
    expect(messages.body.items).toEqual([]);
  });

  test.each([
    [{}, 'body.content'],
    [{ content: '   ' }, 'body.content'],
    [{ content: 'x'.repeat(4001) }, 'body.content'],
    [{ content: 'ok', mentions: 'ana' }, 'body.mentions'],
    [{ content: 'ok', extra: true }, 'body'],
  ])('bad input %j is a 400 naming %s, and nothing is written', async (body, path) => {
    const { chatId } = await queuedChat('vendas');
    const ana = await app.as('attendant', { department: 'vendas' });
    const res = await app.request('POST', `/api/v1/chats/${chatId}/notes`, { token: ana.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await notesOf(chatId)).toBe(0);
  });

  test('a mention of an unknown or inactive attendant is a 400 naming its place, and nothing is written', async () => {
    const { chatId } = await queuedChat('vendas');
    const ana = await app.as('attendant', { department: 'vendas' });
    const bia = await app.as('attendant');
    const gone = await app.as('attendant', { active: false });
    const res = await app.request('POST', `/api/v1/chats/${chatId}/notes`, {
      token: ana.token,
      body: { content: 'veja isto', mentions: [bia.id, 'nobody', gone.id] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^body\.mentions\.1: /);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.mentions.1', 'body.mentions.2']);
    expect(await notesOf(chatId)).toBe(0);
    expect(await app.db.chatEvent.count({ where: { chatId } })).toBe(0);
  });

  test('an attendant of another department gets 404 for the chat, its notes and its contact', async () => {
    const { chatId, contactId } = await queuedChat('vendas');
    const ana = await app.as('attendant', { department: 'vendas' });
    const caio = await app.as('attendant', { department: 'suporte' });
    expect(
      (await app.request('POST', `/api/v1/chats/${chatId}/notes`, { token: ana.token, body: { content: 'só vendas' } }))
        .status,
    ).toBe(201);

    const write = await app.request('POST', `/api/v1/chats/${chatId}/notes`, {
      token: caio.token,
      body: { content: 'intruso' },
    });
    expect(write.status).toBe(404);
    expect((await app.request('GET', `/api/v1/chats/${chatId}`, { token: caio.token })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/contacts/${contactId}/notes`, { token: caio.token })).status).toBe(404);
    expect(await notesOf(chatId)).toBe(1);
    // An unknown chat is the same 404.
    const unknown = await app.request('POST', '/api/v1/chats/no-such-chat/notes', {
      token: ana.token,
      body: { content: 'x' },
    });
    expect(unknown.status).toBe(404);
  });

  test("a contact's notes: every readable chat's, newest first, paged, with chatId and protocol", async () => {
    const vendas = await queuedChat('vendas', 'Joana');
    const contactId = vendas.contactId;
    // A second chat of the same person, in another department's queue.
    const suporteChat = `notes-chat-${++n}`;
    const { channelId } = await app.db.chat.findUniqueOrThrow({ where: { id: vendas.chatId } });
    await app.db.chat.create({
      data: {
        id: suporteChat,
        workflowId: suporteChat,
        channelId,
        externalChatId: suporteChat,
        contactId,
        status: 'transferred',
        department: 'suporte',
        queuedAt: new Date(),
        protocol: '20261201999999',
        startedAt: new Date(),
      },
    });
    const sara = await app.as('supervisor', { name: 'Sara' });
    const ana = await app.as('attendant', { department: 'vendas' });
    const post = async (chatId: string, content: string) => {
      const res = await app.request('POST', `/api/v1/chats/${chatId}/notes`, { token: sara.token, body: { content } });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const a = await post(vendas.chatId, 'primeira');
    const b = await post(suporteChat, 'segunda');
    const c = await post(vendas.chatId, 'terceira');

    const page1 = await app.request('GET', `/api/v1/contacts/${contactId}/notes?limit=2`, { token: sara.token });
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((x: { id: string }) => x.id)).toEqual([c, b]);
    expect(page1.body.items[1]).toMatchObject({
      chatId: suporteChat,
      protocol: '20261201999999',
      content: 'segunda',
      author: { id: sara.id, name: 'Sara' },
    });
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await app.request(
      'GET',
      `/api/v1/contacts/${contactId}/notes?limit=2&cursor=${page1.body.nextCursor}`,
      { token: sara.token },
    );
    expect(page2.body.items.map((x: { id: string }) => x.id)).toEqual([a]);
    expect(page2.body.nextCursor).toBeNull();

    // Ana reads the vendas chat only: its notes, not the suporte chat's.
    const hers = await app.request('GET', `/api/v1/contacts/${contactId}/notes`, { token: ana.token });
    expect(hers.status).toBe(200);
    expect(hers.body.items.map((x: { id: string }) => x.id)).toEqual([c, a]);

    const bad = await app.request('GET', `/api/v1/contacts/${contactId}/notes?limit=0`, { token: sara.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.limit');
  });

  test('a mention reaches the mentioned attendant live, even for a chat they may not read; readers get note.created', async () => {
    const { chatId } = await queuedChat('vendas');
    const ana = await app.as('attendant', { department: 'vendas', name: 'Ana' });
    const caio = await app.as('attendant', { department: 'suporte', name: 'Caio' });
    const sara = await app.as('supervisor');
    const caioHears = await listen(caio.token);
    const saraHears = await listen(sara.token);

    const long = `Caio, pode olhar a fatura deste cliente? ${'detalhe '.repeat(40)}`;
    const res = await app.request('POST', `/api/v1/chats/${chatId}/notes`, {
      token: ana.token,
      body: { content: long, mentions: [caio.id] },
    });
    expect(res.status).toBe(201);

    const [mention] = await caioHears.waitFor(1);
    expect(mention!.event).toBe('note.mentioned');
    const data = JSON.parse(mention!.data);
    expect(data).toEqual({
      chatId,
      noteId: res.body.id,
      attendantId: caio.id,
      author: { id: ana.id, name: 'Ana' },
      excerpt: expect.stringMatching(/^Caio, pode olhar a fatura deste cliente\? detalhe .*…$/),
    });
    expect(data.excerpt.length).toBeLessThanOrEqual(141);

    const [created] = await saraHears.waitFor(1);
    expect(created!.event).toBe('note.created');
    expect(JSON.parse(created!.data)).toEqual({ chatId, noteId: res.body.id, kind: 'note', authorId: ana.id });

    // Another note, mentioning nobody: Caio hears nothing more (he may not read the chat), Sara hears it.
    await app.request('POST', `/api/v1/chats/${chatId}/notes`, { token: ana.token, body: { content: 'sem menção' } });
    await saraHears.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(caioHears.events.map((e) => e.event)).toEqual(['note.mentioned']);
    expect(saraHears.events.map((e) => e.event)).toEqual(['note.created', 'note.created']);
    // The mention granted no read.
    expect((await app.request('GET', `/api/v1/chats/${chatId}`, { token: caio.token })).status).toBe(404);
  });

  test('a refused transfer writes no note; a bad transfer note is a 400 naming body.note', async () => {
    const ana = await app.as('attendant', { department: 'vendas' });
    const bia = await app.as('attendant', { department: 'vendas' });
    const chatId = `notes-chat-${++n}`;
    await app.seedChats({ [chatId]: { status: 'in_attendance', attendantId: bia.id, department: 'vendas' } });
    await app.db.statusChange.create({
      data: { id: `${chatId}:1`, chatId, seq: 1, to: 'in_attendance', actor: `attendant:${ana.id}`, at: new Date() },
    });
    // Ana took part (she reads it) but Bia holds it: the transfer is refused, and so is its note.
    const refused = await app.request('POST', `/api/v1/chats/${chatId}/transfer`, {
      token: ana.token,
      body: { department: 'vendas', note: 'para quem pegar' },
    });
    expect(refused.status).toBe(409);
    const bad = await app.request('POST', `/api/v1/chats/${chatId}/transfer`, {
      token: bia.token,
      body: { attendantId: ana.id, note: 'x'.repeat(4001) },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.note');
    expect(await notesOf(chatId)).toBe(0);
  });
});

describe('notes with the chat engine (npm start)', () => {
  const SECRET = 'notes-test-secret-0123456789';
  const fixture = new ApiChannelFixture(SECRET);
  const stack = fixture.stack;
  const now = () => new Date().toISOString();

  beforeAll(async () => {
    await fixture.setUp();
  }, 120_000);
  afterAll(async () => {
    await fixture.tearDown();
  });

  /** A customer who asks for a person; the chat, handed off and claimed by the admin. */
  async function chatHeldByAdmin(): Promise<{ chatId: string; conversation: string }> {
    const conversation = randomUUID();
    const { chatId } = (await fixture.send({ type: 'NEW_CONVERSATION', timestamp: now(), data: { id: conversation } }))
      .body;
    await fixture.send({
      type: 'NEW_MESSAGE',
      timestamp: now(),
      data: {
        id: randomUUID(),
        direction: 'RECEIVED',
        content: 'quero falar com um atendente humano',
        conversation_id: conversation,
      },
    });
    await waitFor(
      async () => (await stack.request('GET', `/api/v1/chats/${chatId}`, { token: fixture.admin })).body,
      (c) => c.status === 'transferred',
    );
    expect((await stack.request('POST', `/api/v1/chats/${chatId}/claim`, { token: fixture.admin })).status).toBe(200);
    return { chatId, conversation };
  }

  test('a note never reaches the channel: the customer receives the reply alone', async () => {
    const { chatId, conversation } = await chatHeldByAdmin();
    for (const content of ['NOTA-SECRETA-1: cliente irritado', 'NOTA-SECRETA-2: não oferecer desconto']) {
      const res = await stack.request('POST', `/api/v1/chats/${chatId}/notes`, {
        token: fixture.admin,
        body: { content },
      });
      expect(res.status).toBe(201);
    }
    const reply = await stack.request('POST', `/api/v1/chats/${chatId}/messages`, {
      token: fixture.admin,
      body: { content: 'Olá! Já estou vendo o seu caso.' },
    });
    expect(reply.status).toBe(200);
    const detail = await waitFor(
      async () => (await stack.request('GET', `/api/v1/chats/${chatId}`, { token: fixture.admin })).body,
      (c) =>
        c.messages.some(
          (m: { sender: string; deliveryStatus: string }) =>
            m.sender === 'attendant' && m.deliveryStatus === 'delivered',
        ),
    );
    expect(detail.notes).toHaveLength(2);
    // Give any stray send time to land, then look at everything this conversation received.
    await new Promise((r) => setTimeout(r, 500));
    const received = fixture.receiver.received.filter((r) => r.body.data.conversation_id === conversation);
    expect(received.some((r) => r.body.data.content.includes('Olá! Já estou vendo o seu caso.'))).toBe(true);
    expect(received.filter((r) => r.raw.includes('NOTA-SECRETA'))).toEqual([]);
    expect(received.filter((r) => r.body.data.sender === 'attendant')).toHaveLength(1);
  }, 60_000);

  test('a transfer carries its note to whoever receives the chat; one the workflow refuses writes none', async () => {
    const caio = await stack.addPerson(fixture.admin, 'caio', 'attendant');
    // One seat: the second transfer to him is refused by the chat's workflow (at_capacity), past the API's checks.
    const seats = await stack.request('PATCH', `/api/v1/attendants/${caio.id}`, {
      token: fixture.admin,
      body: { maxConcurrent: 1 },
    });
    expect(seats.status).toBe(200);

    const first = await chatHeldByAdmin();
    const res = await stack.request('POST', `/api/v1/chats/${first.chatId}/transfer`, {
      token: fixture.admin,
      body: { attendantId: caio.id, note: 'Cliente quer cancelar; já expliquei a multa.' },
    });
    expect(res.status).toBe(200);
    expect(res.body.attendantId).toBe(caio.id);
    const detail = await stack.request('GET', `/api/v1/chats/${first.chatId}`, { token: caio.token });
    expect(detail.status).toBe(200);
    expect(detail.body.handoffNote).toMatchObject({
      kind: 'transfer',
      content: 'Cliente quer cancelar; já expliquei a multa.',
      chatId: first.chatId,
    });
    expect(detail.body.notes).toEqual([detail.body.handoffNote]);

    const second = await chatHeldByAdmin();
    const refused = await stack.request('POST', `/api/v1/chats/${second.chatId}/transfer`, {
      token: fixture.admin,
      body: { attendantId: caio.id, note: 'não deveria existir' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('at_capacity');
    const after = await stack.request('GET', `/api/v1/chats/${second.chatId}`, { token: fixture.admin });
    expect(after.body.notes).toEqual([]);
    expect(after.body.handoffNote).toBeNull();
  }, 60_000);
});
