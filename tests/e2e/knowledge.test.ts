import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/config/paths';
import { ApiChannelFixture } from '../helpers/apiChannelFixture';
import { waitFor } from '../helpers/wait';

// End to end: trainings through the REST API and `npm run seed`, and the
// bot answering from them through `npm start`'s own process.

const SECRET = 'knowledge-channel-secret-0123';
const fixture = new ApiChannelFixture(SECRET);
const stack = fixture.stack;

const doc = (pageContent: string) => ({ pageContent, metadata: { lang: 'pt' } });
const message = (conversation: string, content: string) => ({
  type: 'NEW_MESSAGE',
  timestamp: new Date().toISOString(),
  data: { id: randomUUID(), direction: 'RECEIVED', content, conversation_id: conversation },
});
const api = (method: string, url: string, body?: unknown, token = fixture.admin) =>
  stack.request(method, url, { token, body });

async function openConversation(): Promise<{ conversation: string; chatId: string }> {
  const conversation = randomUUID();
  const res = await stack.webhook(fixture.channelId, SECRET, {
    type: 'NEW_CONVERSATION',
    timestamp: new Date().toISOString(),
    data: { id: conversation },
  });
  expect(res.status).toBe(202);
  return { conversation, chatId: res.body.chatId };
}
async function say(conversation: string, content: string) {
  expect((await stack.webhook(fixture.channelId, SECRET, message(conversation, content))).status).toBe(202);
}
function repliesTo(conversation: string) {
  return fixture.receiver.received
    .filter((r) => r.body.data.conversation_id === conversation)
    .map((r) => r.body.data.content as string);
}
async function untilReplies(conversation: string, n: number) {
  return waitFor(
    async () => repliesTo(conversation),
    (r) => r.length >= n,
  );
}

beforeAll(async () => {
  await fixture.setUp();
}, 120_000);

afterAll(() => fixture.tearDown());

describe('trainings REST', () => {
  test('create, read, list with pagination, replace and delete', async () => {
    const body = {
      tag: 'pets_policy',
      group: 'store',
      documents: [doc('Animais de estimação são bem-vindos na loja.')],
      finished: true,
    };
    const created = await api('POST', '/api/v1/trainings', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...body,
      documents: [{ pageContent: body.documents[0]!.pageContent, metadata: { lang: 'pt' } }],
    });
    expect(created.body.createdAt).toMatch(/Z$/);
    expect((await api('POST', '/api/v1/trainings', body)).status).toBe(409);

    await api('POST', '/api/v1/trainings', { tag: 'pets_draft', group: 'store', documents: [] });
    const first = await api('GET', '/api/v1/trainings?group=store&limit=1');
    expect(first.body.items.map((t: { tag: string }) => t.tag)).toEqual(['pets_draft']);
    expect(first.body.items[0].finished).toBe(false);
    const second = await api('GET', `/api/v1/trainings?group=store&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ tag: 'pets_policy' }], nextCursor: null });
    expect((await api('GET', '/api/v1/trainings?finished=true&group=store')).body.items).toHaveLength(1);

    const replaced = await api('PUT', '/api/v1/trainings/pets_policy', {
      group: 'shop',
      documents: [doc('Só cães pequenos.')],
      finished: false,
    });
    expect(replaced.body).toMatchObject({
      tag: 'pets_policy',
      group: 'shop',
      finished: false,
      documents: [{ pageContent: 'Só cães pequenos.' }],
    });
    expect((await api('GET', '/api/v1/trainings/pets_policy')).body.group).toBe('shop');

    expect((await api('DELETE', '/api/v1/trainings/pets_policy')).status).toBe(204);
    expect((await api('DELETE', '/api/v1/trainings/pets_draft')).status).toBe(204);
    expect((await api('GET', '/api/v1/trainings/pets_policy')).status).toBe(404);
    expect((await api('DELETE', '/api/v1/trainings/pets_policy')).status).toBe(404);
    expect(
      (await api('PUT', '/api/v1/trainings/pets_policy', { group: 'shop', documents: [], finished: true })).status,
    ).toBe(404);
  });

  test.each([
    [{ tag: 'Billing', group: 'g1', documents: [] }, 'only lower-case letters, digits and underscore'],
    [{ tag: 'two words', group: 'g1', documents: [] }, 'no spaces'],
    [{ tag: 'a'.repeat(41), group: 'g1', documents: [] }, 'at most 40 characters'],
    [{ tag: 'same', group: 'same', documents: [] }, 'group must differ from tag'],
    [{ tag: 'ok_tag', group: 'Bad-Group', documents: [] }, 'group may contain only'],
    [{ tag: 'ok_tag', group: '', documents: [] }, 'group must not be empty'],
    [{ tag: 'ok_tag', group: 'g1', documents: [{ pageContent: '' }] }, 'pageContent must not be empty'],
    [{ tag: 'ok_tag', group: 'g1' }, 'body.documents'],
    [{ tag: 'ok_tag', group: 'g1', documents: [], finished: 'yes' }, 'body.finished'],
    [{ tag: 'ok_tag', group: 'g1', documents: [], extra: 1 }, 'extra'],
  ])('a bad training %j gets 400 naming the rule and writes nothing', async (body, rule) => {
    const before = await fixture.db.training.count();
    const res = await api('POST', '/api/v1/trainings', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain(rule);
    expect(await fixture.db.training.count()).toBe(before);
  });

  test('PUT keeps the rules: no renaming, no group equal to the tag', async () => {
    await api('POST', '/api/v1/trainings', { tag: 'keep_me', group: 'store', documents: [] });
    expect(
      (await api('PUT', '/api/v1/trainings/keep_me', { tag: 'other', group: 'store', documents: [] })).status,
    ).toBe(400);
    const same = await api('PUT', '/api/v1/trainings/keep_me', { group: 'keep_me', documents: [] });
    expect(same.status).toBe(400);
    expect(same.body.error.message).toContain('group must differ from tag');
    expect((await api('GET', '/api/v1/trainings/keep_me')).body.group).toBe('store');
    await api('DELETE', '/api/v1/trainings/keep_me');
  });

  test('only admins and supervisors may touch trainings', async () => {
    await api('POST', '/api/v1/attendants', { name: 'Ana', email: 'ana@example.com', password: 'ana-password-1' });
    await api('POST', '/api/v1/attendants', {
      name: 'Sue',
      email: 'sue@example.com',
      password: 'sue-password-1',
      role: 'supervisor',
    });
    const login = async (email: string, password: string) =>
      (await stack.request('POST', '/api/v1/auth/login', { body: { email, password } })).body.accessToken as string;
    const attendant = await login('ana@example.com', 'ana-password-1');
    const supervisor = await login('sue@example.com', 'sue-password-1');
    expect((await api('GET', '/api/v1/trainings', undefined, attendant)).status).toBe(403);
    expect((await stack.request('GET', '/api/v1/trainings')).status).toBe(401);
    const made = await api(
      'POST',
      '/api/v1/trainings',
      { tag: 'by_supervisor', group: 'store', documents: [] },
      supervisor,
    );
    expect(made.status).toBe(201);
    expect((await api('DELETE', '/api/v1/trainings/by_supervisor', undefined, supervisor)).status).toBe(204);
  });
});

describe('the bot answers from the knowledge base', () => {
  beforeAll(async () => {
    // `npm run seed`, against the running stack's database.
    const { stdout } = await promisify(execFile)(
      path.join(projectRoot, 'node_modules', '.bin', 'tsx'),
      ['scripts/seed.ts'],
      {
        cwd: projectRoot,
        env: { ...process.env, DATA_DIR: stack.dataDir, DATABASE_URL: '' },
      },
    );
    expect(stdout).toContain('Seeded 14 trainings');
  }, 60_000);

  test('a question is answered from a training; the chat shows intent, confidence and entities', async () => {
    const { conversation, chatId } = await openConversation();
    await say(conversation, 'Esqueci minha senha, como faço pra redefinir? Meu e-mail é maria@exemplo.com');
    const [answer] = await untilReplies(conversation, 1);
    const training = await fixture.db.training.findUniqueOrThrow({ where: { tag: 'access_password_reset' } });
    const pt = (JSON.parse(training.documents) as { pageContent: string; metadata: { lang: string } }[]).find(
      (d) => d.metadata.lang === 'pt',
    )!;
    const chat = await waitFor(
      async () => (await api('GET', `/api/v1/chats/${chatId}`)).body,
      (c) => c.status === 'waiting_customer',
    );
    // The chat's first message from Atende also tells its protocol number, once.
    expect(answer).toBe(`${pt.pageContent}\n\nProtocolo de atendimento: ${chat.protocol}`);
    const customer = chat.messages.find((m: { sender: string }) => m.sender === 'customer');
    expect(customer).toMatchObject({ intent: 'technical', entities: { email: ['maria@exemplo.com'] } });
    expect(customer.confidence).toBeGreaterThanOrEqual(0.8);
    expect(chat.statusHistory.at(-1).note).toContain('training:access_password_reset');
  });

  test('an edited training answers at once: the cache and the index follow the change', async () => {
    const put = await api('PUT', '/api/v1/trainings/hours_support', {
      group: 'hours',
      finished: true,
      documents: [
        doc('Nosso horário de atendimento agora é de 24 horas, todos os dias, pelo WhatsApp e pelo telefone.'),
      ],
    });
    expect(put.status).toBe(200);
    const { conversation } = await openConversation();
    await say(conversation, 'Qual o horário de atendimento de vocês?');
    const [answer] = await untilReplies(conversation, 1);
    expect(answer).toContain('24 horas');
  });

  test('after two answers that did not help, the bot hands off and the chat keeps the count', async () => {
    const { conversation, chatId } = await openConversation();
    await say(conversation, 'esqueci minha senha');
    await untilReplies(conversation, 1);
    await say(conversation, 'esqueci minha senha!!');
    await untilReplies(conversation, 2);
    await say(conversation, 'isso não ajudou');
    const chat = await waitFor(
      async () => (await api('GET', `/api/v1/chats/${chatId}`)).body,
      (c) => c.status === 'transferred',
    );
    expect(chat.context).toMatchObject({ botAttempts: 2, lastIntent: 'complaint' });
    const replies = await untilReplies(conversation, 3);
    expect(replies[2]).toMatch(/atendentes/);
  });
});
