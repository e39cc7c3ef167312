import { ApiApp } from '../helpers/apiApp';

const app = new ApiApp();
beforeAll(() => app.start());
afterAll(() => app.stop());

/** Queued chats as the workflow leaves them: transferred, nobody holds them, with their queue fields. */
async function queued(chats: Array<{ id: string; priority: string; queuedAt: string; department?: string }>) {
  const channel = await app.db.channel.create({ data: { type: 'api', name: 'q' } });
  const contact = await app.db.contact.create({
    data: { identities: { create: { channelId: channel.id, externalId: 'c' } } },
  });
  for (const c of chats) {
    await app.db.chat.create({
      data: {
        id: c.id,
        workflowId: `wf-${c.id}`,
        channelId: channel.id,
        externalChatId: c.id,
        contactId: contact.id,
        status: 'transferred',
        priority: c.priority,
        queuedAt: new Date(c.queuedAt),
        department: c.department ?? 'suporte',
        startedAt: new Date(c.queuedAt),
      },
    });
  }
}

describe('GET /api/v1/queue', () => {
  test('requires authentication', () => app.expectAuthRequired('GET', '/api/v1/queue'));

  test('a bad filter → 400', async () => {
    const { token } = await app.as('attendant');
    expect((await app.request('GET', '/api/v1/queue?department=', { token })).status).toBe(400);
  });

  test('in assignment order, with positions and why each chat waits', async () => {
    await app.as('attendant', { department: 'suporte', available: true, maxConcurrent: 0 });
    await app.as('attendant', { department: 'vendas', available: false });
    const { token: boss } = await app.as('supervisor');
    await queued([
      { id: 'old-normal', priority: 'normal', queuedAt: '2026-11-22T10:00:00Z' },
      { id: 'new-urgent', priority: 'urgent', queuedAt: '2026-11-22T10:05:00Z' },
      { id: 'oldest-low', priority: 'low', queuedAt: '2026-11-22T09:00:00Z' },
      { id: 'sales', priority: 'high', queuedAt: '2026-11-22T10:01:00Z', department: 'vendas' },
      { id: 'legal', priority: 'normal', queuedAt: '2026-11-22T10:02:00Z', department: 'juridico' },
    ]);
    const all = await app.request('GET', '/api/v1/queue', { token: boss });
    expect(all.status).toBe(200);
    expect(
      all.body.items.map((i: { chatId: string; position: number; waitingFor: string }) => [i.chatId, i.waitingFor]),
    ).toEqual([
      ['new-urgent', 'all_full'],
      ['sales', 'no_one_available'],
      ['old-normal', 'all_full'],
      ['legal', 'no_one_in_department'],
      ['oldest-low', 'all_full'],
    ]);
    expect(all.body.items.map((i: { position: number }) => i.position)).toEqual([1, 2, 3, 4, 5]);
    expect(all.body.items[0]).toMatchObject({
      priority: 'urgent',
      department: 'suporte',
      skills: [],
      waitingSince: '2026-11-22T10:05:00.000Z',
    });

    const support = await app.request('GET', '/api/v1/queue?department=suporte', { token: boss });
    expect(support.body.items.map((i: { chatId: string }) => i.chatId)).toEqual([
      'new-urgent',
      'old-normal',
      'oldest-low',
    ]);
  });

  test("an attendant sees only what they may take: their department's queue (no other department's chat, not even by filter)", async () => {
    const { token } = await app.as('attendant', { department: 'vendas2' });
    const { token: anyDept } = await app.as('attendant');
    await queued([
      { id: 'mine-1', priority: 'normal', queuedAt: '2026-11-23T10:00:00Z', department: 'vendas2' },
      { id: 'other-1', priority: 'urgent', queuedAt: '2026-11-23T10:01:00Z', department: 'cobranca2' },
    ]);
    const ids = async (path: string, t: string) =>
      (await app.request('GET', path, { token: t })).body.items.map((i: { chatId: string }) => i.chatId);
    expect(await ids('/api/v1/queue', token)).toEqual(['mine-1']);
    expect(await ids('/api/v1/queue?department=cobranca2', token)).toEqual([]);
    // An attendant with no department serves every queue (as automatic assignment matches them).
    expect(await ids('/api/v1/queue', anyDept)).toEqual(expect.arrayContaining(['mine-1', 'other-1']));
  });
});
