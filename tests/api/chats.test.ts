import { ApiApp } from '../helpers/apiApp';

// What the chat routes answer before any workflow is asked: authentication,
// validation and unknown chats. Commands that reach a workflow: tests/e2e/.
const app = new ApiApp();
let token: string;
let chatId: string;
beforeAll(async () => {
  await app.start();
  ({ token } = await app.as('supervisor'));
  const channel = await app.db.channel.create({ data: { type: 'api', name: 'c' } });
  const contact = await app.db.contact.create({
    data: { identities: { create: { channelId: channel.id, externalId: 'c' } } },
  });
  chatId = (
    await app.db.chat.create({
      data: {
        id: 'chat-1',
        workflowId: 'wf-1',
        channelId: channel.id,
        externalChatId: 'x',
        contactId: contact.id,
        status: 'transferred',
        startedAt: new Date(),
      },
    })
  ).id;
});
afterAll(() => app.stop());

describe('GET /api/v1/chats', () => {
  test('requires authentication', () => app.expectAuthRequired('GET', '/api/v1/chats'));

  test.each([
    ['limit=0', 'query.limit'],
    ['status=sleeping', 'query.status'],
    ['cursor=forged', 'query.cursor'],
  ])('%s → 400 naming the parameter', async (query, field) => {
    const res = await app.request('GET', `/api/v1/chats?${query}`, { token });
    expect(res.status).toBe(400);
    expect(res.body.error.message.startsWith(field)).toBe(true);
  });

  test('lists the chat', async () => {
    const res = await app.request('GET', '/api/v1/chats', { token });
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([chatId]);
  });
});

describe('GET /api/v1/chats/:id', () => {
  test('requires authentication', () => app.expectAuthRequired('GET', `/api/v1/chats/${chatId}`));

  test('an unknown chat → 404', async () => {
    const res = await app.request('GET', '/api/v1/chats/nope', { token });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'not_found', message: 'chat not found' });
  });

  test('shows the steps the chat skipped because the database refused them', async () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    await app.db.chatIncident.create({
      data: { id: 'i-1', chatId, step: 'receiveMessage', reason: 'receiveMessage: refused (P2003)', ref: 'm-9', at },
    });
    const res = await app.request('GET', `/api/v1/chats/${chatId}`, { token });
    expect(res.body.incidents).toEqual([
      { step: 'receiveMessage', reason: 'receiveMessage: refused (P2003)', ref: 'm-9', at: at.toISOString() },
    ]);
  });
});

describe('chat commands', () => {
  test.each(['claim', 'release', 'resolve', 'messages', 'transfer'])('%s requires authentication', (command) =>
    app.expectAuthRequired('POST', `/api/v1/chats/${chatId}/${command}`, {}),
  );

  test.each(['claim', 'release', 'resolve'])('%s on an unknown chat → 404', async (command) => {
    expect((await app.request('POST', `/api/v1/chats/nope/${command}`, { token, body: {} })).status).toBe(404);
  });

  test.each([
    ['a reply without content', 'messages', {}, 'body.content'],
    ['a transfer to nobody', 'transfer', {}, 'body'],
    ['a transfer to a department nobody has', 'transfer', { department: 'astronomia' }, 'body.department'],
  ])('%s → 400 naming the field', async (_case, command, body, field) => {
    const res = await app.request('POST', `/api/v1/chats/${chatId}/${command}`, { token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.message.startsWith(field)).toBe(true);
  });

  test('a transfer to an unknown attendant → 404; to an inactive one → 409', async () => {
    const unknown = await app.request('POST', `/api/v1/chats/${chatId}/transfer`, {
      token,
      body: { attendantId: 'nobody' },
    });
    expect(unknown.status).toBe(404);
    const gone = await app.as('attendant', { active: false });
    const inactive = await app.request('POST', `/api/v1/chats/${chatId}/transfer`, {
      token,
      body: { attendantId: gone.id },
    });
    expect(inactive.status).toBe(409);
    expect(inactive.body.error.code).toBe('attendant_inactive');
  });
});
